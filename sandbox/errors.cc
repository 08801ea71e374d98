#include "sandbox/errors.h"

#include <cstdio>
#include <random>

namespace wf::sandbox {

nlohmann::json ErrorListJson(const std::vector<ApiError>& errors, const std::string& request_id) {
  nlohmann::json list = nlohmann::json::array();
  for (const ApiError& error : errors) {
    nlohmann::json entry = {{"code", error.code}, {"message", error.message}};
    if (!error.field.empty()) entry["field"] = error.field;
    list.push_back(std::move(entry));
  }
  return {{"type", "error.list"}, {"request_id", request_id}, {"errors", list}};
}

Answer ErrorAnswer(int status, std::vector<ApiError> errors) {
  return {status, ErrorListJson(errors, NewRequestId())};
}

std::string NewRequestId() {
  // One generator per thread: handlers run on several threads at once.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const uint64_t high = generator();
  const uint64_t low = generator();
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0x0fff),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

namespace {

ApiError ErrorForStatus(int status, const std::string& what) {
  if (status == 503) {
    return {"service_unavailable", what + ": the service is unavailable; retry later", ""};
  }
  if (status == 429) {
    return {"rate_limit_exceeded", what + ": too many requests; retry later", ""};
  }
  if (status >= 500)
    return {"server_error", what + ": the server failed to handle the request", ""};
  if (status == 404) return {"not_found", "Resource Not Found", ""};
  return {"client_error", what + ": the request could not be handled", ""};
}

}  // namespace

ApiError InjectedFaultError(int status) {
  return ErrorForStatus(status, "Sandbox fault (HTTP " + std::to_string(status) + ")");
}

ApiError UnroutedError(int status) {
  return ErrorForStatus(status, "HTTP " + std::to_string(status));
}

}  // namespace wf::sandbox

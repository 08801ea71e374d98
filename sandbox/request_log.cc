#include "sandbox/request_log.h"

#include <algorithm>
#include <set>

#include "base/ascii.h"

namespace wf::sandbox {

namespace {

// Headers httplib adds to a Request on its own; the client never sent them.
bool AddedByHttplib(const std::string& name) {
  static const std::set<std::string> kAdded = {"REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR",
                                               "LOCAL_PORT"};
  return kAdded.count(name) > 0;
}

bool IsAuthorization(const std::string& name) {
  return EqualsIgnoringCase(name, "authorization");
}

}  // namespace

void RequestLog::Add(const httplib::Request& request, std::optional<int> status,
                     double received_at) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : request.headers) {
    if (AddedByHttplib(name)) continue;
    const std::string shown = IsAuthorization(name) ? "***" : value;
    if (headers.contains(name)) {
      headers[name] = headers[name].get<std::string>() + ", " + shown;
    } else {
      headers[name] = shown;
    }
  }
  std::string query;
  const size_t question = request.target.find('?');
  if (question != std::string::npos) query = request.target.substr(question + 1);
  records_.push_back({{"method", request.method},
                      {"path", request.path},
                      {"query", query},
                      {"headers", headers},
                      {"body", request.body},
                      {"time", received_at},
                      {"status", status ? nlohmann::json(*status) : nlohmann::json()},
                      {"dropped", !status.has_value()}});
  while (records_.size() > capacity_) records_.pop_front();
}

nlohmann::json RequestLog::Json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const nlohmann::json& record : records_) list.push_back(record);
  return list;
}

}  // namespace wf::sandbox

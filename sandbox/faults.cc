#include "sandbox/faults.h"

#include <cstdint>

namespace wf::sandbox {

bool HandledBeforeInjectedError(int status) { return status >= 500 && status != 503; }

FaultInjector::FaultInjector(const Faults& faults)
    : faults_(faults), generator_(std::random_device{}()) {}

void FaultInjector::Set(const Faults& faults) {
  faults_ = faults;
  creates_seen_ = 0;
}

FaultDecision FaultInjector::Decide(bool is_create) {
  FaultDecision decision;
  if (is_create && creates_seen_ < faults_.fail_first) {
    ++creates_seen_;
    decision.error_status = faults_.error_status;
    return decision;
  }
  std::uniform_real_distribution<double> draw(0.0, 1.0);
  if (faults_.drop_rate > 0 && draw(generator_) < faults_.drop_rate) {
    decision.drop = true;
  } else if (faults_.error_rate > 0 && draw(generator_) < faults_.error_rate) {
    decision.error_status = faults_.error_status;
  }
  return decision;
}

namespace {

bool ReadInt(const nlohmann::json& value, const char* name, int* out, std::string* error) {
  // nlohmann keeps non-negative integers as unsigned: check each kind apart.
  const bool fits = value.is_number_unsigned()
                        ? value.get<uint64_t>() <= static_cast<uint64_t>(INT32_MAX)
                        : value.is_number_integer() && value.get<int64_t>() >= INT32_MIN;
  if (!fits) {
    *error = std::string(name) + " must be an integer; got " + value.dump();
    return false;
  }
  *out = value.get<int>();
  return true;
}

bool ReadRate(const nlohmann::json& value, const char* name, double* out, std::string* error) {
  if (!value.is_number()) {
    *error = std::string(name) + " must be a number from 0 to 1; got " + value.dump();
    return false;
  }
  *out = value.get<double>();
  return true;
}

}  // namespace

bool FaultsFromJson(const nlohmann::json& json, Faults* faults, std::string* error) {
  if (!json.is_object()) {
    *error = "faults must be a JSON object";
    return false;
  }
  Faults read;
  for (const auto& [key, value] : json.items()) {
    bool ok = true;
    if (key == "latency_ms") {
      ok = ReadInt(value, "latency_ms", &read.latency_ms, error);
    } else if (key == "error_rate") {
      ok = ReadRate(value, "error_rate", &read.error_rate, error);
    } else if (key == "error_status") {
      ok = ReadInt(value, "error_status", &read.error_status, error);
    } else if (key == "drop_rate") {
      ok = ReadRate(value, "drop_rate", &read.drop_rate, error);
    } else if (key == "fail_first") {
      ok = ReadInt(value, "fail_first", &read.fail_first, error);
    } else {
      *error = "unknown field '" + key +
               "'; allowed: latency_ms, error_rate, error_status, drop_rate, fail_first";
      ok = false;
    }
    if (!ok) return false;
  }
  const std::string problem = CheckFaults(read);
  if (!problem.empty()) {
    *error = problem;
    return false;
  }
  *faults = read;
  return true;
}

std::string CheckFaults(const Faults& faults) {
  if (faults.latency_ms < 0 || faults.latency_ms > 600000) {
    return "latency_ms must be from 0 to 600000; got " + std::to_string(faults.latency_ms);
  }
  if (!(faults.error_rate >= 0 && faults.error_rate <= 1)) {
    return "error_rate must be from 0 to 1; got " + nlohmann::json(faults.error_rate).dump();
  }
  if (faults.error_status < 400 || faults.error_status > 599) {
    return "error_status must be from 400 to 599; got " + std::to_string(faults.error_status);
  }
  if (!(faults.drop_rate >= 0 && faults.drop_rate <= 1)) {
    return "drop_rate must be from 0 to 1; got " + nlohmann::json(faults.drop_rate).dump();
  }
  if (faults.fail_first < 0) {
    return "fail_first must be 0 or more; got " + std::to_string(faults.fail_first);
  }
  return "";
}

nlohmann::json FaultsToJson(const Faults& faults) {
  return {{"latency_ms", faults.latency_ms},
          {"error_rate", faults.error_rate},
          {"error_status", faults.error_status},
          {"drop_rate", faults.drop_rate},
          {"fail_first", faults.fail_first}};
}

}  // namespace wf::sandbox

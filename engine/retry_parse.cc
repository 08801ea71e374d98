#include "engine/retry_parse.h"

#include <regex>

namespace wf {

long long ParseDurationMs(const Json& value) {
  if (value.is_number_integer()) {
    long long ms = value.get<long long>();
    return ms >= 0 ? ms : -1;
  }
  if (!value.is_string()) return -1;
  static const std::regex kDuration("([0-9]{1,9})(ms|s|m)?");
  std::smatch match;
  const std::string& text = value.get_ref<const std::string&>();
  if (!std::regex_match(text, match, kDuration)) return -1;
  long long amount = std::stoll(match[1].str());
  std::string unit = match[2].str();
  if (unit == "s") return amount * 1000;
  if (unit == "m") return amount * 60000;
  return amount;
}

std::string ParseRetryPolicy(const Json& value, RetryPolicy* policy) {
  if (!value.is_object()) return "retry must be a mapping such as { max_attempts: 3 }";
  for (const auto& [key, item] : value.items()) {
    if (key == "max_attempts") {
      if (!item.is_number_integer() || item.get<long long>() < 1 || item.get<long long>() > 100) {
        return "retry.max_attempts is " + DumpJson(item) + "; allowed: an integer from 1 to 100";
      }
      policy->max_attempts = item.get<int>();
    } else if (key == "backoff") {
      if (item != "fixed" && item != "exponential") {
        return "retry.backoff is " + DumpJson(item) + "; allowed: fixed, exponential";
      }
      policy->exponential = item == "exponential";
    } else if (key == "delay" || key == "max_delay" || key == "max_wait") {
      long long ms = ParseDurationMs(item);
      if (ms < 0 || ms > 3600000) {
        return "retry." + key + " is " + DumpJson(item) +
               "; allowed: a duration such as 500ms, 2s or 1m (at most 1 hour)";
      }
      int& target = key == "delay" ? policy->delay_ms
                    : key == "max_delay" ? policy->max_delay_ms : policy->max_wait_ms;
      target = static_cast<int>(ms);
    } else if (key == "jitter") {
      if (!item.is_number() || item.get<double>() < 0 || item.get<double>() > 1) {
        return "retry.jitter is " + DumpJson(item) + "; allowed: a number from 0 to 1";
      }
      policy->jitter = item.get<double>();
    } else if (key == "on_unknown_outcome") {
      if (!item.is_boolean()) return "retry.on_unknown_outcome must be true or false";
      policy->on_unknown_outcome = item.get<bool>();
    } else {
      return "unknown key '" + key + "' in retry; allowed: max_attempts, backoff, delay, "
             "max_delay, jitter, on_unknown_outcome, max_wait";
    }
  }
  return "";
}

}  // namespace wf

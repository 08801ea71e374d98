// When a refused request may be sent again: reads X-RateLimit-Reset (Intercom's
// Unix-seconds reset time) and Retry-After (seconds, or an HTTP date) from the
// response headers. Pure functions; no clock is read.
#ifndef WF_PLUGIN_INTERCOM_RETRY_TIMING_H_
#define WF_PLUGIN_INTERCOM_RETRY_TIMING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wf::intercom {

using Json = nlohmann::json;

// The value of header `name` (matched without regard to case) in a {name: value}
// object, or nullopt. A list value yields its first string.
std::optional<std::string> HeaderValue(const Json& headers, std::string_view name);

// Unix seconds of an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::int64_t> ParseHttpDate(std::string_view text);

// "2024-01-31T12:00:00Z" for Unix seconds.
std::string FormatUtc(std::int64_t unix_seconds);

struct RetryTiming {
  // Unix seconds from which a retry may succeed, when the headers tell.
  std::optional<std::int64_t> retry_at;
  // Retry-After in seconds, when given that way (relative to receiving the answer).
  std::optional<std::int64_t> retry_after;
  // Where retry_at came from: "X-RateLimit-Reset", "Retry-After" or "".
  std::string source;
};

// X-RateLimit-Reset wins; otherwise Retry-After, as seconds added to the Date
// header (retry_at stays empty without a Date) or as an HTTP date. Headers that
// do not parse are ignored.
RetryTiming ReadRetryTiming(const Json& headers);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_RETRY_TIMING_H_

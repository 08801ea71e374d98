// Header-only: when a refused request may be sent again, and how long to wait
// for it, read from an answer's headers: X-RateLimit-Reset (Unix seconds),
// Retry-After (seconds, or an HTTP date) and Date; and what X-RateLimit-*
// say about the allowance. This is the one place wf does that arithmetic: the
// host's retries (engine/call_task.cc), the built-in `http` task, the host's
// rate limiter (http/rate_limiter.cc) and plugins' messages all use it.
//
// Pure functions: no clock is read (callers pass the time), nothing is
// allocated but the strings returned. Safe from any thread.
#ifndef WF_RETRY_TIMING_HPP_
#define WF_RETRY_TIMING_HPP_

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace wf::retry_timing {

// A header lookup: `header(lower_case_name)` returns `const std::string*`
// (nullptr when the answer has no such header). HttpResponse::FindHeader is
// one; a plugin builds one over its headers object.

// A non-negative decimal integer of at most 15 digits, white space around it
// allowed, nothing else.
inline std::optional<std::int64_t> ParseSeconds(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
inline std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline std::optional<int> Digits(std::string_view text, std::size_t count) {
  if (text.size() != count) return std::nullopt;
  auto value = ParseSeconds(text);
  if (!value || text.front() == ' ' || text.back() == ' ') return std::nullopt;
  return static_cast<int>(*value);
}

}  // namespace detail

// Unix seconds of an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT".
inline std::optional<std::int64_t> ParseHttpDate(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (text.substr(8, 3) == kMonths[i]) month = i + 1;
  }
  auto day = detail::Digits(text.substr(5, 2), 2);
  auto year = detail::Digits(text.substr(12, 4), 4);
  auto hour = detail::Digits(text.substr(17, 2), 2);
  auto minute = detail::Digits(text.substr(20, 2), 2);
  auto second = detail::Digits(text.substr(23, 2), 2);
  if (month == 0 || !day || !year || !hour || !minute || !second || text[7] != ' ' ||
      text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':' || *day < 1 ||
      *day > 31 || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  return detail::DaysFromCivil(*year, month, static_cast<unsigned>(*day)) * 86400 + *hour * 3600 +
         *minute * 60 + *second;
}

// "2024-01-31T12:00:00Z" for Unix seconds.
inline std::string FormatUtc(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400;
  std::int64_t rest = unix_seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  days += 719468;  // the inverse of DaysFromCivil
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(year), month, day, static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return text;
}

// When an answer says a retry may succeed.
struct RetryTiming {
  // Unix seconds from which a retry may succeed, when the headers tell.
  std::optional<std::int64_t> retry_at;
  // Retry-After in seconds, when given that way (counted from the answer).
  std::optional<std::int64_t> retry_after;
  // Where retry_at came from: "X-RateLimit-Reset", "Retry-After" or "".
  const char* source = "";
};

// X-RateLimit-Reset wins; otherwise Retry-After, as seconds (retry_at is then
// those seconds after the Date header, when there is one) or as an HTTP date.
// Headers that do not parse are ignored.
template <typename Lookup>
RetryTiming ReadRetryTiming(Lookup&& header) {
  RetryTiming timing;
  if (const std::string* reset = header("x-ratelimit-reset")) {
    if ((timing.retry_at = ParseSeconds(*reset))) {
      timing.source = "X-RateLimit-Reset";
      return timing;
    }
  }
  const std::string* retry_after = header("retry-after");
  if (retry_after == nullptr) return timing;
  if ((timing.retry_after = ParseSeconds(*retry_after))) {
    if (const std::string* date = header("date")) {
      if (auto sent = ParseHttpDate(*date)) timing.retry_at = *sent + *timing.retry_after;
    }
  } else {
    timing.retry_at = ParseHttpDate(*retry_after);
  }
  if (timing.retry_at) timing.source = "Retry-After";
  return timing;
}

// X-RateLimit-Reset has whole seconds, and the server's clock is not ours:
// a retry timed to the exact second can arrive just before the window
// refills and collect another 429. A quarter second past it does not.
inline constexpr std::int64_t kResetMarginMs = 250;

// How long to wait, in milliseconds from `now_unix_ms`, before a retry can
// succeed; nullopt when the answer did not say. Retry-After in seconds counts
// from receiving the answer (no clock of the server's is involved); a reset
// time or an HTTP date is absolute: the time left until it (none when it has
// passed on our clock, which may run ahead of the server's), plus
// kResetMarginMs.
inline std::optional<std::int64_t> WaitMs(const RetryTiming& timing, std::int64_t now_unix_ms) {
  if (timing.retry_after) return *timing.retry_after * 1000;
  if (!timing.retry_at) return std::nullopt;
  std::int64_t left = *timing.retry_at * 1000 - now_unix_ms;
  return (left > 0 ? left : 0) + kResetMarginMs;
}

// What an answer's X-RateLimit-* headers say. Intercom (and wf sandbox)
// count in 10-second windows: X-RateLimit-Limit is the allowance of one
// window (167 for an app allowed 1,000 a minute), X-RateLimit-Remaining what
// is left of it, X-RateLimit-Reset the Unix second it refills.
struct RateLimitHeaders {
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> remaining;
  std::optional<std::int64_t> reset_at;
};

template <typename Lookup>
RateLimitHeaders ReadRateLimitHeaders(Lookup&& header) {
  RateLimitHeaders read;
  if (const std::string* text = header("x-ratelimit-limit")) read.limit = ParseSeconds(*text);
  if (const std::string* text = header("x-ratelimit-remaining")) read.remaining = ParseSeconds(*text);
  if (const std::string* text = header("x-ratelimit-reset")) read.reset_at = ParseSeconds(*text);
  return read;
}

}  // namespace wf::retry_timing

#endif  // WF_RETRY_TIMING_HPP_

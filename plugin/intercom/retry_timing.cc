#include "retry_timing.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace wf::intercom {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A non-negative decimal integer of at most 15 digits, nothing else.
std::optional<std::int64_t> ParseSeconds(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<int> ParseNumber(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return std::nullopt;
  auto value = ParseSeconds(text);
  if (!value) return std::nullopt;
  return static_cast<int>(*value);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<std::string> HeaderValue(const Json& headers, std::string_view name) {
  if (!headers.is_object()) return std::nullopt;
  for (const auto& [key, value] : headers.items()) {
    if (!EqualsIgnoringCase(key, name)) continue;
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number()) return value.dump();
    if (value.is_array() && !value.empty() && value[0].is_string()) return value[0].get<std::string>();
  }
  return std::nullopt;
}

std::optional<std::int64_t> ParseHttpDate(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions.
  text = Trim(text);
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (text.substr(8, 3) == kMonths[i]) month = i + 1;
  }
  auto day = ParseNumber(text.substr(5, 2), 2);
  auto year = ParseNumber(text.substr(12, 4), 4);
  auto hour = ParseNumber(text.substr(17, 2), 2);
  auto minute = ParseNumber(text.substr(20, 2), 2);
  auto second = ParseNumber(text.substr(23, 2), 2);
  if (month == 0 || !day || !year || !hour || !minute || !second || text[7] != ' ' ||
      text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':' || *day < 1 ||
      *day > 31 || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  return DaysFromCivil(*year, month, static_cast<unsigned>(*day)) * 86400 + *hour * 3600 +
         *minute * 60 + *second;
}

std::string FormatUtc(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400;
  std::int64_t rest = unix_seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  // Inverse of DaysFromCivil.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
  char text[40];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(year), month, day, static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return text;
}

RetryTiming ReadRetryTiming(const Json& headers) {
  RetryTiming timing;
  if (auto reset = HeaderValue(headers, "x-ratelimit-reset")) {
    if ((timing.retry_at = ParseSeconds(*reset))) {
      timing.source = "X-RateLimit-Reset";
      return timing;
    }
  }
  auto retry_after = HeaderValue(headers, "retry-after");
  if (!retry_after) return timing;
  if ((timing.retry_after = ParseSeconds(*retry_after))) {
    if (auto date = HeaderValue(headers, "date")) {
      if (auto sent = ParseHttpDate(*date)) timing.retry_at = *sent + *timing.retry_after;
    }
  } else {
    timing.retry_at = ParseHttpDate(*retry_after);
  }
  if (timing.retry_at) timing.source = "Retry-After";
  return timing;
}

}  // namespace wf::intercom

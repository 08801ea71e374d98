// How found values read in messages, and the collector of field errors and
// warnings that prepare() returns.
//
// Every field error has the shape {"path", "message", "found", "allowed"}, where
// "found" and "allowed" are the texts the message shows (found is null when the
// field is missing). The message patterns are:
//   <path> is <found>; allowed: <allowed>
//   <path> has <n> items; allowed: <allowed>
//   <path> is required
//   unknown field '<path>'; allowed: <names>
// A warning is {"path", "message"}.
#ifndef WF_PLUGIN_INTERCOM_REPORT_H_
#define WF_PLUGIN_INTERCOM_REPORT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wf::intercom {

using Json = nlohmann::json;

// Values longer than this many characters are cut and end in "…".
inline constexpr std::size_t kShownChars = 40;

// The number of Unicode characters in valid UTF-8 text.
std::size_t CountChars(std::string_view utf8);

// The first `max_chars` characters of `utf8`, plus "…" when something was cut.
std::string Shorten(std::string_view utf8, std::size_t max_chars);

// Control characters and backslashes written as JSON escapes (\n, \u0000, \\),
// so that a message always stays on one line.
std::string EscapeControls(std::string_view text);

// How a value reads in a message: a string in single quotes (shortened, then
// escaped), anything else as compact JSON (shortened).
std::string ShowValue(const Json& value);

// Collects every problem found in one set of inputs. Not thread-safe; use one
// per call.
class FieldReport {
 public:
  // "<path> is <found>; allowed: <allowed>".
  void Reject(const std::string& path, const std::string& found, const std::string& allowed);
  // "<path> has <count> items; allowed: <allowed>".
  void RejectCount(const std::string& path, std::size_t count, const std::string& allowed);
  // "<path> is required"; `allowed` still fills the error's "allowed".
  void Missing(const std::string& path, const std::string& allowed);
  // "unknown field '<path>'; allowed: <allowed>".
  void Unknown(const std::string& path, const std::string& allowed);
  void Warn(const std::string& path, const std::string& message);

  bool ok() const { return errors_.empty(); }
  // The lists (null when empty), handed over: the report is spent.
  Json TakeErrors() { return std::move(errors_); }
  Json TakeWarnings() { return std::move(warnings_); }
  const Json& errors() const { return errors_; }
  const Json& warnings() const { return warnings_; }

 private:
  void Add(const std::string& path, const std::string& message, Json found,
           const std::string& allowed);

  Json errors_;    // null until the first error: most inputs have none
  Json warnings_;  // likewise
};

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_REPORT_H_

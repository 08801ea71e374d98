// Reading the body of an Intercom answer: parsed JSON when it parses, the
// codes, messages and fields of an Intercom error list, and a short readable
// excerpt for anything else (such as an HTML page from a proxy).
#ifndef WF_PLUGIN_INTERCOM_RESPONSE_BODY_H_
#define WF_PLUGIN_INTERCOM_RESPONSE_BODY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace wf::intercom {

using Json = nlohmann::json;

// Excerpts of bodies that are not error lists are cut to this many characters.
inline constexpr std::size_t kExcerptChars = 80;

struct ResponseBody {
  std::string raw;         // the body text as received
  Json value;              // parsed JSON, or `raw` as a JSON string when it does not parse
  bool is_json = false;
  // From an error list ({"type": "error.list", "errors": [{code, message, field}]}).
  std::vector<std::string> codes;
  std::vector<std::string> messages;  // only the non-empty ones
  std::vector<std::string> fields;    // the parameters Intercom named
  std::optional<std::string> request_id;

  bool has_errors() const { return !codes.empty() || !messages.empty(); }
};

// Reads a response body as received.
ResponseBody ReadResponseBody(std::string_view raw);

// The body text made readable on one line: white space collapsed, control
// characters escaped, cut to kExcerptChars; with `drop_tags`, markup such as
// "<title>" is left out too.
std::string Excerpt(std::string_view raw, bool drop_tags);

// The parenthesised detail every error message carries, for example
// "(401 unauthorized: Access Token Invalid)", "(502, non-JSON body: 'Bad
// Gateway')", "(200, body: '{\"type\":\"x\"}')" or "(503, empty body)".
std::string Detail(int status, const ResponseBody& body);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_RESPONSE_BODY_H_

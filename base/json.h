// The JSON type the engine uses everywhere, and small helpers around it.
#ifndef WF_BASE_JSON_H_
#define WF_BASE_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace wf {

using Json = nlohmann::json;

// The host's one JSON reader. The fast reader of include/wf/json_text.hpp
// reads the text; only when it refuses does nlohmann read it again, for its
// message. A failure names `what` and the byte where the text stops being
// JSON. Nesting deeper than 512 levels is refused, not recursed into.
Result<Json> ParseJson(std::string_view text, const std::string& what);

// The same for text that need not be JSON (an answer's body): false, and
// nothing to say, when it is not.
bool TryParseJson(std::string_view text, Json* out);

// Compact dump that never throws on invalid UTF-8 (replaces it with U+FFFD).
std::string DumpJson(const Json& value, int indent = -1);

// Truthiness as README.md ("The workflow language") defines it for `if:`: false, null, 0, "" and empty
// arrays and objects are false; everything else is true.
bool IsTruthy(const Json& value);

// The name of a JSON type as a user reads it: "string", "integer", "object", ...
std::string JsonTypeName(const Json& value);

}  // namespace wf

#endif  // WF_BASE_JSON_H_

// The JSON type the engine uses everywhere, and small helpers around it.
#ifndef WF_BASE_JSON_H_
#define WF_BASE_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace wf {

using Json = nlohmann::json;

// Parses text; a failure names `what` and the position nlohmann reports.
Result<Json> ParseJson(const std::string& text, const std::string& what);

// Compact dump that never throws on invalid UTF-8 (replaces it with U+FFFD).
std::string DumpJson(const Json& value, int indent = -1);

// Truthiness as README.md ("The workflow language") defines it for `if:`: false, null, 0, "" and empty
// arrays and objects are false; everything else is true.
bool IsTruthy(const Json& value);

// The name of a JSON type as a user reads it: "string", "integer", "object", ...
std::string JsonTypeName(const Json& value);

}  // namespace wf

#endif  // WF_BASE_JSON_H_

// Compact JSON text, written straight into a string.
//
// This is the per-step path's serialiser: inputs for prepare, the request and
// response for interpret. It writes exactly what DumpJson (nlohmann's dump with
// the `replace` error handler) writes, byte for byte, but copies runs of plain
// text at once instead of a byte at a time, and allocates nothing but `out`.
#ifndef WF_ENGINE_JSON_WRITER_H_
#define WF_ENGINE_JSON_WRITER_H_

#include <string>
#include <string_view>

#include "engine/json.h"

namespace wf {

// Appends `text` as a JSON string literal. Invalid UTF-8 becomes U+FFFD, one
// per maximal invalid subpart, as nlohmann does.
void AppendJsonString(std::string_view text, std::string* out);

// Appends `value` as compact JSON, object keys in the Json's own (sorted) order.
void AppendJson(const Json& value, std::string* out);

// Appends the members of object `value` except `skip` as a compact JSON object
// (any other value as AppendJson does).
void AppendJsonObjectWithout(const Json& value, std::string_view skip, std::string* out);

}  // namespace wf

#endif  // WF_ENGINE_JSON_WRITER_H_

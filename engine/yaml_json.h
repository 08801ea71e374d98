// YAML text -> JSON values, keeping where every node came from, with limits
// that make hostile input fail cleanly: file size, scalar size, node count
// (alias bombs expand through shared nodes), nesting depth, invalid UTF-8 and
// NUL bytes. Plain scalars are typed as YAML 1.2's core schema says (null,
// true/false, integers, floats); quoted scalars stay strings. Thread-safe.
#ifndef WF_ENGINE_YAML_JSON_H_
#define WF_ENGINE_YAML_JSON_H_

#include <map>
#include <memory>
#include <string>

#include "base/json.h"
#include "base/status.h"

namespace wf {

struct YamlLimits {
  size_t max_bytes = 4 * 1024 * 1024;     // whole document
  size_t max_scalar_bytes = 1024 * 1024;  // one scalar
  size_t max_nodes = 100000;              // after aliases are expanded
  int max_depth = 64;
};

struct SourcePosition {
  int line = 0;       // 1-based
  int column = 0;     // 1-based, in characters (UTF-8 code points), as editors count
  bool quoted = false;
  size_t offset = 0;  // byte offset of the node in the source text
};

// Where each node was: keys are dotted paths ("steps[0].with.from.type"), ""
// for the root. `file` prefixes every message.
class SourceMap {
 public:
  std::string file;
  std::map<std::string, SourcePosition> positions;      // of values
  std::map<std::string, SourcePosition> key_positions;  // of mapping keys
  std::shared_ptr<const std::string> text;              // the source, set by YamlToJson

  // "file:line:col" of the value at `path`, or of its closest known parent.
  std::string Where(const std::string& path) const;
  // "file:line:col" of the key of the member at `path`; its value's if unknown.
  std::string WhereKey(const std::string& path) const;
  // "file:line:col" of the `${` at byte `offset` of `value`, the text of the
  // scalar at `path`: found in the source, so that it is right for quoted,
  // block and multi-line scalars and for text with multi-byte characters.
  std::string Where(const std::string& path, const std::string& value, size_t offset) const;
};

// Parses `text` (named `file` in messages). Errors read "file:line:col: what".
Result<Json> YamlToJson(const std::string& text, const std::string& file, SourceMap* map,
                        const YamlLimits& limits = {});

// Reads a file then parses it; a file over the size limit is refused unread.
Result<Json> YamlFileToJson(const std::string& path, SourceMap* map, const YamlLimits& limits = {});

// Types one plain (unquoted) scalar as YAML 1.2's core schema does.
Json TypePlainScalar(const std::string& text);

// Checks UTF-8 and the absence of NUL; on failure says line and column.
Status CheckText(const std::string& text, const std::string& file);

}  // namespace wf

#endif  // WF_ENGINE_YAML_JSON_H_

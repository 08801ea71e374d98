// How values are quoted where people read them: in error messages, and in
// the shell commands wf prints (curl equivalents).
#ifndef WF_BASE_QUOTE_H_
#define WF_BASE_QUOTE_H_

#include <string>
#include <string_view>

#include "base/json.h"

namespace wf {

// A value as a message shows what was found: a string in single quotes,
// anything else as compact JSON; cut to 60 characters ("..." at the end).
std::string QuoteValue(const Json& value);

// `text` as one POSIX shell word in single quotes ("it's" -> 'it'\''s').
std::string ShellQuote(std::string_view text);

}  // namespace wf

#endif  // WF_BASE_QUOTE_H_

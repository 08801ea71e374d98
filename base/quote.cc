#include "base/quote.h"

namespace wf {

std::string QuoteValue(const Json& value) {
  std::string text = value.is_string() ? "'" + value.get<std::string>() + "'" : DumpJson(value);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace wf

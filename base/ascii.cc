#include "base/ascii.h"

namespace wf {

std::string LowerAscii(std::string text) {
  for (char& c : text) c = LowerAsciiChar(c);
  return text;
}

std::string UpperAscii(std::string text) {
  for (char& c : text) c = UpperAsciiChar(c);
  return text;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAsciiChar(a[i]) != LowerAsciiChar(b[i])) return false;
  }
  return true;
}

}  // namespace wf

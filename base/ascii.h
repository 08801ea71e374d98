// ASCII case helpers for protocol text (header names, schemes, host names).
//
// They never consult the C locale: HTTP names are ASCII, and a locale's
// tolower() would both cost a call per byte and fold bytes it should not.
#ifndef WF_BASE_ASCII_H_
#define WF_BASE_ASCII_H_

#include <string>
#include <string_view>

namespace wf {

// `c` lower-cased if it is an ASCII capital letter, else unchanged.
constexpr char LowerAsciiChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// ASCII character classes, whatever the C locale says.
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }
constexpr bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr char UpperAsciiChar(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// `text` with its ASCII letters in lower case.
std::string LowerAscii(std::string text);

// `text` with its ASCII letters in upper case.
std::string UpperAscii(std::string text);

// Whether `a` and `b` are equal once ASCII letters are folded; no allocation.
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace wf

#endif  // WF_BASE_ASCII_H_

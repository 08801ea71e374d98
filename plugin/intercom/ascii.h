// ASCII character classes for the plugin (which links nothing of the host's):
// they never consult the C locale, whose classes and case folding would
// change with the environment the host runs in.
#ifndef WF_PLUGIN_INTERCOM_ASCII_H_
#define WF_PLUGIN_INTERCOM_ASCII_H_

namespace wf::intercom {

constexpr bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }
constexpr char LowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_ASCII_H_

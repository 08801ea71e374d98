#include "report.h"

#include <cstdio>

namespace wf::intercom {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::size_t CountChars(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) {
    if (!IsContinuationByte(c)) ++count;
  }
  return count;
}

std::string Shorten(std::string_view utf8, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if (IsContinuationByte(utf8[i])) continue;
    if (chars == max_chars) return std::string(utf8.substr(0, i)) + "\u2026";
    ++chars;
  }
  return std::string(utf8);
}

std::string EscapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

std::string ShowValue(const Json& value) {
  if (value.is_string()) {
    return "'" + EscapeControls(Shorten(value.get_ref<const std::string&>(), kShownChars)) + "'";
  }
  return Shorten(value.dump(-1, ' ', false, Json::error_handler_t::replace), kShownChars);
}

void FieldReport::Reject(const std::string& path, const std::string& found,
                         const std::string& allowed) {
  Add(path, path + " is " + found + "; allowed: " + allowed, found, allowed);
}

void FieldReport::RejectCount(const std::string& path, std::size_t count,
                              const std::string& allowed) {
  std::string found = std::to_string(count) + (count == 1 ? " item" : " items");
  Add(path, path + " has " + found + "; allowed: " + allowed, found, allowed);
}

void FieldReport::Missing(const std::string& path, const std::string& allowed) {
  Add(path, path + " is required", nullptr, allowed);
}

void FieldReport::Unknown(const std::string& path, const std::string& allowed) {
  std::string found = "'" + EscapeControls(Shorten(path, kShownChars)) + "'";
  Add(path, "unknown field " + found + "; allowed: " + allowed, found, allowed);
}

void FieldReport::Warn(const std::string& path, const std::string& message) {
  warnings_.push_back(Json{{"path", path}, {"message", message}});
}

void FieldReport::Add(const std::string& path, const std::string& message, Json found,
                      const std::string& allowed) {
  errors_.push_back(
      Json{{"path", path}, {"message", message}, {"found", std::move(found)}, {"allowed", allowed}});
}

}  // namespace wf::intercom

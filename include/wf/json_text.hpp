// Header-only: JSON text to and from nlohmann::json, fast, for the per-step path.
//
// Everything that crosses the plugin ABI is JSON text (plugin.h), so every step
// writes and reads JSON on both sides of it. nlohmann's own reader copies each
// byte into a token buffer one push_back at a time, which made parsing the
// largest part of a step's cost. These functions give the same results:
//
//   - Write/Append write exactly what nlohmann's dump(-1, ' ', false,
//     error_handler_t::replace) writes, byte for byte: invalid UTF-8 becomes
//     U+FFFD, one per maximal invalid part.
//   - Parse accepts exactly the documents nlohmann's parse accepts (RFC 8259,
//     strict UTF-8, an optional leading byte-order mark) and builds the same
//     value: non-negative integers as unsigned, negative ones as signed, others
//     (fractions, exponents, overflow) as double; of duplicate keys the last wins.
//     Two differences, both stricter: nesting deeper than kMaxDepth is refused
//     (nlohmann recurses until the stack runs out), and so is a NUL byte outside
//     a string (nlohmann takes it for the end of the text and ignores the rest).
//
// Both the host and plugins use them; tests/plugin/json_text_test.cc holds them
// to nlohmann's behaviour over random input.
#ifndef WF_JSON_TEXT_HPP_
#define WF_JSON_TEXT_HPP_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace wf::json_text {

using Json = nlohmann::json;

inline constexpr int kMaxDepth = 512;

namespace detail {

// The length of the UTF-8 sequence lead byte `c` starts, and the range its
// second byte must fall in (ruling out overlong forms, surrogates and code
// points past U+10FFFF); 0 for a byte that cannot start a sequence.
inline int SequenceLength(unsigned char c, unsigned char* low, unsigned char* high) {
  *low = 0x80;
  *high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c == 0xE0) *low = 0xA0;
  if (c == 0xED) *high = 0x9F;
  if (c >= 0xE0 && c <= 0xEF) return 3;
  if (c == 0xF0) *low = 0x90;
  if (c == 0xF4) *high = 0x8F;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  return 0;
}

// How many bytes of text[i..] form one valid multi-byte UTF-8 sequence; 0 if
// they do not. `*stop` is then where the invalid part ends.
inline size_t ValidSequence(std::string_view text, size_t i, size_t* stop) {
  unsigned char low, high;
  int length = SequenceLength(static_cast<unsigned char>(text[i]), &low, &high);
  if (length == 0) {
    *stop = i + 1;
    return 0;
  }
  size_t j = i + 1;
  for (int k = 1; k < length; ++k, ++j) {
    if (j >= text.size()) {
      *stop = j;
      return 0;
    }
    unsigned char next = static_cast<unsigned char>(text[j]);
    if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
      *stop = j;  // this byte may start the next sequence
      return 0;
    }
  }
  return static_cast<size_t>(length);
}

inline const char* EscapeOf(unsigned char c) {
  static const char* const kControls[32] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  if (c < 0x20) return kControls[c];
  if (c == '"') return "\\\"";
  if (c == '\\') return "\\\\";
  return nullptr;
}

template <typename Number>
void AppendNumber(Number number, std::string* out) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, number);
  out->append(digits, end);
}

// Bytes that go into a JSON string as they are: printable ASCII but '"' and '\\'.
struct PlainTable {
  bool plain[256] = {};
  constexpr PlainTable() {
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  }
};
inline constexpr PlainTable kPlain;

inline bool IsPlainAscii(unsigned char c) { return kPlain.plain[c]; }

// The end of the run of plain bytes that starts at `i`.
inline size_t PlainRunEnd(std::string_view text, size_t i) {
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  while (i + 4 <= size && kPlain.plain[bytes[i]] && kPlain.plain[bytes[i + 1]] &&
         kPlain.plain[bytes[i + 2]] && kPlain.plain[bytes[i + 3]]) {
    i += 4;
  }
  while (i < size && kPlain.plain[bytes[i]]) ++i;
  return i;
}

// A recursive-descent reader over one document; `pos_` only moves forward.
// Given a null `out`, it checks the text and builds nothing.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool Document(Json* out) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // nlohmann skips a BOM too
    if (!Value(out, 0)) return false;
    SkipSpace();
    return pos_ == text_.size();
  }

  // A document that is one object: visit(key, value_text) for each member.
  template <typename Visit>
  bool VisitMembers(Visit& visit) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '{') return false;
    bool ok = Members(/*keys=*/true, [&](std::string& key) {
      SkipSpace();
      size_t start = pos_;
      if (!Value(nullptr, 1)) return false;
      visit(key, text_.substr(start, pos_ - start));
      return true;
    });
    if (!ok) return false;
    SkipSpace();
    return pos_ == text_.size();
  }

  // A document that is one string literal, unescaped into `out`.
  bool StringDocument(std::string* out) {
    out->clear();
    if (text_.empty() || text_[0] != '"' || !String(out)) return false;
    return pos_ == text_.size();
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      ++pos_;
    }
  }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool Value(Json* out, int depth) {
    SkipSpace();
    if (pos_ >= text_.size()) return false;
    switch (text_[pos_]) {
      case '{': return Object(out, depth + 1);
      case '[': return Array(out, depth + 1);
      case '"': {
        if (out == nullptr) return String(nullptr);
        std::string text;
        if (!String(&text)) return false;
        *out = std::move(text);
        return true;
      }
      case 't': if (out) *out = true; return Literal("true");
      case 'f': if (out) *out = false; return Literal("false");
      case 'n': if (out) *out = nullptr; return Literal("null");
      default: {
        Json number;  // a number is converted even when only checked: 1e400 is refused
        return Number(out != nullptr ? out : &number);
      }
    }
  }

  // At '{': on_member(key) reads each member's value; `keys` says whether
  // the keys are wanted (else they are only checked).
  template <typename OnMember>
  bool Members(bool keys, OnMember on_member) {
    ++pos_;  // '{'
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    std::string key;
    for (;;) {
      SkipSpace();
      key.clear();
      if (pos_ >= text_.size() || text_[pos_] != '"' || !String(keys ? &key : nullptr)) return false;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return false;
      ++pos_;
      if (!on_member(key)) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return false;
      char c = text_[pos_++];
      if (c == '}') return true;
      if (c != ',') return false;
    }
  }

  // At '[': on_item() reads each item.
  template <typename OnItem>
  bool Items(OnItem on_item) {
    ++pos_;  // '['
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      if (!on_item()) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return false;
      char c = text_[pos_++];
      if (c == ']') return true;
      if (c != ',') return false;
    }
  }

  bool Object(Json* out, int depth) {
    if (depth > kMaxDepth) return false;
    if (out == nullptr) {
      return Members(/*keys=*/false, [&](std::string&) { return Value(nullptr, depth); });
    }
    *out = Json::object();
    Json::object_t& object = out->get_ref<Json::object_t&>();
    return Members(/*keys=*/true, [&](std::string& key) {
      // Keys come sorted from a Write: then each goes at the end and its value
      // is read in place. Otherwise (or for a repeated key: the last wins) the
      // value is read first and stored under its key.
      if (object.empty() || object.rbegin()->first < key) {
        auto member = object.emplace_hint(object.end(), std::move(key), nullptr);
        return Value(&member->second, depth);
      }
      Json value;
      if (!Value(&value, depth)) return false;
      object[std::move(key)] = std::move(value);
      return true;
    });
  }

  bool Array(Json* out, int depth) {
    if (depth > kMaxDepth) return false;
    if (out == nullptr) return Items([&] { return Value(nullptr, depth); });
    *out = Json::array();
    Json::array_t& array = out->get_ref<Json::array_t&>();
    return Items([&] {
      array.emplace_back();
      return Value(&array.back(), depth);
    });
  }

  bool Hex4(unsigned* value) {
    if (text_.size() - pos_ < 4) return false;
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else return false;
    }
    *value = v;
    return true;
  }

  static void AppendUtf8(unsigned code, std::string* out) {
    if (code < 0x80) {
      out->push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (code >> 6)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (code >> 12)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (code >> 18)));
      out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  // After a backslash: the escape's character(s) onto `out` (if not null).
  bool Escape(std::string* out) {
    if (pos_ >= text_.size()) return false;
    char c = text_[pos_++];
    char plain;
    switch (c) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': plain = 0; break;
      default: return false;
    }
    if (c != 'u') {
      if (out != nullptr) out->push_back(plain);
      return true;
    }
    unsigned code;
    if (!Hex4(&code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate alone
    if (code >= 0xD800 && code <= 0xDBFF) {              // needs its low half
      unsigned low;
      if (!Literal("\\u") || !Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out != nullptr) AppendUtf8(code, out);
    return true;
  }

  // Moves pos_ over plain bytes and valid UTF-8 sequences; false at an invalid
  // sequence. Stops at a quote, a backslash, a control byte or the end.
  bool SkipText() {
    for (;;) {
      pos_ = PlainRunEnd(text_, pos_);
      if (pos_ >= text_.size() || static_cast<unsigned char>(text_[pos_]) < 0x80) return true;
      size_t stop;
      size_t length = ValidSequence(text_, pos_, &stop);
      if (length == 0) return false;
      pos_ += length;
    }
  }

  // At the opening quote; leaves pos_ after the closing one. `out` may be
  // null: the string is then only checked.
  bool String(std::string* out) {
    size_t run = ++pos_;
    for (;;) {
      if (!SkipText()) return false;
      if (out != nullptr) out->append(text_.data() + run, pos_ - run);
      if (pos_ >= text_.size()) return false;
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\' || !Escape(out)) return false;  // a control byte, or a bad escape
      run = pos_;
    }
  }

  bool Digits() {
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool Number(Json* out) {
    size_t start = pos_;
    bool negative = text_[pos_] == '-';
    if (negative) ++pos_;
    if (pos_ >= text_.size()) return false;
    if (text_[pos_] == '0') {
      ++pos_;
    } else if (!Digits()) {
      return false;
    }
    bool integral = true;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!Digits()) return false;
      integral = false;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!Digits()) return false;
      integral = false;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (integral && negative) {
      std::int64_t value;
      auto [end, error] = std::from_chars(first, last, value);
      if (error == std::errc() && end == last) {
        *out = value;
        return true;
      }
    } else if (integral) {
      std::uint64_t value;
      auto [end, error] = std::from_chars(first, last, value);
      if (error == std::errc() && end == last) {
        *out = value;
        return true;
      }
    }
    double value;  // a fraction, an exponent, or an integer too large for 64 bits
    auto [end, error] = std::from_chars(first, last, value);
    if (error == std::errc::result_out_of_range) {
      // As nlohmann (strtod): an underflow reads as the nearest double, an
      // overflow to infinity is refused. wf never changes LC_NUMERIC.
      value = std::strtod(std::string(first, last).c_str(), nullptr);
      if (!std::isfinite(value)) return false;
    } else if (error != std::errc() || end != last) {
      return false;
    }
    *out = value;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace detail

// Appends `text` as a JSON string literal (invalid UTF-8 becomes U+FFFD).
inline void AppendString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t plain = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < text.size()) {
    i = detail::PlainRunEnd(text, i);
    if (i >= text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out->append(text.data() + plain, i - plain);
      const char* escape = detail::EscapeOf(c);
      out->append(escape, escape[1] == 'u' ? 6 : 2);
      plain = ++i;
      continue;
    }
    size_t stop;
    size_t length = detail::ValidSequence(text, i, &stop);
    if (length > 0) {
      i += length;
      continue;
    }
    out->append(text.data() + plain, i - plain);
    out->append("\xEF\xBF\xBD", 3);  // U+FFFD
    i = plain = stop;
  }
  out->append(text.data() + plain, text.size() - plain);
  out->push_back('"');
}

// Whether `text` is valid UTF-8 (NUL and other control bytes are).
inline bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t stop;
    size_t length = detail::ValidSequence(text, i, &stop);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// `text` with each maximal invalid UTF-8 part replaced by U+FFFD, as
// AppendString writes it.
inline std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t plain = 0;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t stop;
    size_t length = detail::ValidSequence(text, i, &stop);
    if (length > 0) {
      i += length;
      continue;
    }
    out.append(text.data() + plain, i - plain);
    out.append("\xEF\xBF\xBD", 3);
    i = plain = stop;
  }
  out.append(text.data() + plain, text.size() - plain);
  return out;
}

void Append(const Json& value, std::string* out);

// Appends the members of object `value` except `skip` (any other value as Append).
inline void AppendObjectWithout(const Json& value, std::string_view skip, std::string* out) {
  if (!value.is_object()) return Append(value, out);
  out->push_back('{');
  bool first = true;
  for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
    if (!skip.empty() && key == skip) continue;
    if (!first) out->push_back(',');
    first = false;
    AppendString(key, out);
    out->push_back(':');
    Append(member, out);
  }
  out->push_back('}');
}

// Appends `value` as compact JSON.
inline void Append(const Json& value, std::string* out) {
  switch (value.type()) {
    case Json::value_t::null: out->append("null"); return;
    case Json::value_t::boolean: out->append(value.get<bool>() ? "true" : "false"); return;
    case Json::value_t::number_integer: detail::AppendNumber(value.get<std::int64_t>(), out); return;
    case Json::value_t::number_unsigned: detail::AppendNumber(value.get<std::uint64_t>(), out); return;
    case Json::value_t::string: AppendString(value.get_ref<const std::string&>(), out); return;
    case Json::value_t::object: AppendObjectWithout(value, {}, out); return;
    case Json::value_t::array: {
      out->push_back('[');
      bool first = true;
      for (const Json& item : value.get_ref<const Json::array_t&>()) {
        if (!first) out->push_back(',');
        first = false;
        Append(item, out);
      }
      out->push_back(']');
      return;
    }
    default:  // doubles (nlohmann's shortest round-trip form) and binary: rare
      out->append(value.dump(-1, ' ', false, Json::error_handler_t::replace));
      return;
  }
}

// `value` as compact JSON text.
inline std::string Write(const Json& value) {
  std::string out;
  out.reserve(256);  // most documents on the per-step path fit: no regrowth
  Append(value, &out);
  return out;
}

// Parses one JSON document into `*out`; false if `text` is not one (then
// `*out` holds whatever was read so far).
inline bool Parse(std::string_view text, Json* out) { return detail::Reader(text).Document(out); }

// Whether Parse would accept `text`; builds nothing.
inline bool Validate(std::string_view text) { return detail::Reader(text).Document(nullptr); }

// Walks the object that `text` holds without building it: calls
// visit(const std::string& key, std::string_view value_text) for each member
// in order, the key unescaped and value_text the member's value exactly as
// written (itself valid JSON). False if `text` is not one JSON document (as
// Parse would have it) or not an object; calls already made are then void.
template <typename Visit>
bool VisitObject(std::string_view text, Visit&& visit) {
  return detail::Reader(text).VisitMembers(visit);
}

// Unescapes `literal`, one JSON string literal with its quotes, into `*out`.
inline bool ReadString(std::string_view literal, std::string* out) {
  return detail::Reader(literal).StringDocument(out);
}

}  // namespace wf::json_text

#endif  // WF_JSON_TEXT_HPP_

#include "engine/json_writer.h"

#include <charconv>
#include <cstdint>

namespace wf {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// The escape JSON needs for an ASCII byte, or nullptr if it goes as it is.
const char* EscapeOf(unsigned char c) {
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

// The length of the UTF-8 sequence that lead byte `c` starts and the range its
// second byte must fall in (which rules out overlong forms, surrogates and
// code points past U+10FFFF); 0 for a byte that cannot start a sequence.
int SequenceLength(unsigned char c, unsigned char* low, unsigned char* high) {
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

void AppendInteger(auto number, std::string* out) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, number);
  out->append(digits, end);
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  const size_t size = text.size();
  size_t plain = 0;  // start of the run of bytes not yet copied
  size_t i = 0;
  while (i < size) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c < 0x80) {
      out->append(text.data() + plain, i - plain);
      out->append(EscapeOf(c));
      plain = ++i;
      continue;
    }
    unsigned char low, high;
    int length = SequenceLength(c, &low, &high);
    size_t j = i + 1;  // the first byte that does not belong to a valid sequence
    bool valid = length > 0;
    for (int k = 1; valid && k < length; ++k, ++j) {
      if (j >= size) {
        valid = false;
        break;
      }
      unsigned char next = static_cast<unsigned char>(text[j]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) valid = false;
      if (!valid) break;
    }
    if (valid) {
      i = j;
      continue;
    }
    // One replacement for the invalid part; a byte that broke a sequence is
    // read again as the start of the next one.
    out->append(text.data() + plain, i - plain);
    out->append(kReplacement, 3);
    i = length == 0 ? i + 1 : j;
    plain = i;
  }
  out->append(text.data() + plain, size - plain);
  out->push_back('"');
}

void AppendJson(const Json& value, std::string* out) {
  switch (value.type()) {
    case Json::value_t::null: out->append("null"); return;
    case Json::value_t::boolean: out->append(value.get<bool>() ? "true" : "false"); return;
    case Json::value_t::number_integer: AppendInteger(value.get<std::int64_t>(), out); return;
    case Json::value_t::number_unsigned: AppendInteger(value.get<std::uint64_t>(), out); return;
    case Json::value_t::string: AppendJsonString(value.get_ref<const std::string&>(), out); return;
    case Json::value_t::object: AppendJsonObjectWithout(value, {}, out); return;
    case Json::value_t::array: {
      out->push_back('[');
      bool first = true;
      for (const Json& item : value) {
        if (!first) out->push_back(',');
        first = false;
        AppendJson(item, out);
      }
      out->push_back(']');
      return;
    }
    default:  // floats (shortest round-trip form) and binary: rare, nlohmann's own text
      out->append(value.dump(-1, ' ', false, Json::error_handler_t::replace));
      return;
  }
}

void AppendJsonObjectWithout(const Json& value, std::string_view skip, std::string* out) {
  if (!value.is_object()) return AppendJson(value, out);
  out->push_back('{');
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!skip.empty() && it.key() == skip) continue;
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(it.key(), out);
    out->push_back(':');
    AppendJson(it.value(), out);
  }
  out->push_back('}');
}

}  // namespace wf

#include "base/json.h"

#include "wf/json_text.hpp"

namespace wf {

namespace {

// Where nlohmann's reader stops, found without building anything (its SAX
// reader keeps no recursion, so deep text cannot exhaust the stack).
class ErrorPosition : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    byte = position;
    return false;
  }
  std::size_t byte = 0;
};

}  // namespace

Result<Json> ParseJson(std::string_view text, const std::string& what) {
  Json value;
  if (json_text::Parse(text, &value)) return value;
  ErrorPosition error;
  if (!Json::sax_parse(text, &error) && error.byte > 0) {
    return Status::Invalid(what + ": not valid JSON at byte " + std::to_string(error.byte));
  }
  // nlohmann accepts what the fast reader refuses only past its depth limit
  // or for a NUL byte outside a string (json_text.hpp).
  return Status::Invalid(what + ": not valid JSON (nested deeper than " +
                         std::to_string(json_text::kMaxDepth) + " levels, or a NUL byte outside a string)");
}

bool TryParseJson(std::string_view text, Json* out) { return json_text::Parse(text, out); }

std::string DumpJson(const Json& value, int indent) {
  if (indent >= 0) return value.dump(indent, ' ', false, Json::error_handler_t::replace);
  return json_text::Write(value);
}

bool IsTruthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::number_integer: return value.get<int64_t>() != 0;
    case Json::value_t::number_unsigned: return value.get<uint64_t>() != 0;
    case Json::value_t::number_float: return value.get<double>() != 0.0;
    case Json::value_t::string: return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object: return !value.empty();
    default: return true;
  }
}

std::string JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return "number";
    case Json::value_t::string: return "string";
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    default: return "binary";
  }
}

}  // namespace wf

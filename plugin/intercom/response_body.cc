#include "response_body.h"

#include "ascii.h"
#include "report.h"
#include "wf/json_text.hpp"

namespace wf::intercom {
namespace {

std::string JsonText(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void ReadErrorList(ResponseBody* body) {
  if (!body->value.is_object()) return;
  auto request_id = body->value.find("request_id");
  if (request_id != body->value.end() && request_id->is_string() && !request_id->get_ref<const std::string&>().empty()) {
    body->request_id = request_id->get<std::string>();
  }
  auto errors = body->value.find("errors");
  if (errors == body->value.end() || !errors->is_array()) return;
  for (const Json& error : *errors) {
    if (!error.is_object()) continue;
    for (auto [key, list] : {std::pair{"code", &body->codes}, std::pair{"message", &body->messages},
                             std::pair{"field", &body->fields}}) {
      auto it = error.find(key);
      if (it == error.end() || it->is_null()) continue;
      std::string text = it->is_string() ? it->get<std::string>() : JsonText(*it);
      if (!text.empty()) list->push_back(std::move(text));
    }
  }
}

// "code: message" for each error, joined with "; ".
std::string DescribeErrors(const Json& errors) {
  std::string out;
  for (const Json& error : errors) {
    if (!error.is_object()) continue;
    std::string part;
    for (const char* key : {"code", "message"}) {
      auto it = error.find(key);
      if (it == error.end() || it->is_null()) continue;
      std::string text = it->is_string() ? it->get<std::string>() : JsonText(*it);
      if (text.empty()) continue;
      part += part.empty() ? text : ": " + text;
    }
    if (part.empty()) continue;
    out += out.empty() ? part : "; " + part;
  }
  return EscapeControls(out);
}

}  // namespace

ResponseBody ReadResponseBody(std::string_view raw) {
  ResponseBody out;
  out.raw = raw;
  out.is_json = json_text::Parse(out.raw, &out.value);
  if (!out.is_json) out.value = out.raw;
  ReadErrorList(&out);
  return out;
}

std::string Excerpt(std::string_view raw, bool drop_tags) {
  std::string text;
  bool in_tag = false;
  bool space = false;
  bool looks_like_html = drop_tags && raw.find('<') != std::string_view::npos && raw.find('>') != std::string_view::npos;
  for (char c : raw) {
    if (looks_like_html && c == '<') in_tag = true;
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        space = true;
      }
      continue;
    }
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !text.empty()) text += ' ';
    space = false;
    text += c;
  }
  if (text.empty()) text = raw;
  return EscapeControls(Shorten(text, kExcerptChars));
}

std::string Detail(int status, const ResponseBody& body) {
  std::string head = "(" + std::to_string(status);
  if (body.has_errors()) return head + " " + DescribeErrors(body.value.at("errors")) + ")";
  if (body.raw.empty()) return head + ", empty body)";
  const char* label = body.is_json ? ", body: '" : ", non-JSON body: '";
  return head + label + Excerpt(body.raw, !body.is_json) + "')";
}

}  // namespace wf::intercom

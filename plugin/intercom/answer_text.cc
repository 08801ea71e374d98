#include "answer_text.h"

#include <charconv>
#include <string_view>

#include "interpret.h"
#include "prepare.h"
#include "wf/json_text.hpp"

namespace wf::intercom {
namespace {

using wf::json_text::AppendString;

void AppendMember(const char* key, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

// The members below in the order a Json object (sorted keys) writes them.
void AppendRequest(const ConversationInputs& in, std::string* out) {
  out->append(R"({"request":{"body":{)");
  bool first = true;
  auto member = [&](const char* key) {
    if (!first) out->push_back(',');
    first = false;
    AppendMember(key, out);
  };
  if (in.attachment_urls) {
    member("attachment_urls");
    out->push_back('[');
    for (size_t i = 0; i < in.attachment_urls->size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendString((*in.attachment_urls)[i], out);
    }
    out->push_back(']');
  }
  member("body");
  AppendString(in.body, out);
  if (in.created_at) {
    member("created_at");
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, *in.created_at);
    out->append(digits, end);
  }
  member("from");
  out->append(R"({"id":)");
  AppendString(in.from_id, out);
  out->append(R"(,"type":)");
  AppendString(in.from_type, out);
  out->push_back('}');
  if (in.message_type) {
    member("message_type");
    AppendString(*in.message_type, out);
  }
  if (in.subject) {
    member("subject");
    AppendString(*in.subject, out);
  }
  out->append(R"(},"headers":{"Accept":"application/json","Authorization":)");
  AppendString("Bearer " + in.access_token, out);
  out->append(R"(,"Content-Type":"application/json","Intercom-Version":)");
  AppendString(in.intercom_version, out);
  out->append(R"(},"method":"POST","url":)");
  AppendString(in.base_url + "/conversations", out);
  out->append("}}");
}

// The parts of a response interpret's common path reads, found without
// building the response.
struct Answer {
  int status = 0;
  bool headers_ok = true;         // absent, null or an object
  std::string_view body_literal;  // the body as a JSON string literal, if it is one
};

bool ReadAnswer(const char* response_json, Answer* answer) {
  bool status_ok = false;
  bool valid = json_text::VisitObject(response_json, [&](const std::string& key, std::string_view value) {
    if (key == "status") {
      int status = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), status);
      status_ok = error == std::errc() && end == value.data() + value.size();
      answer->status = status;
    } else if (key == "headers") {
      answer->headers_ok = value == "null" || value.front() == '{';
    } else if (key == "body") {
      answer->body_literal = value.front() == '"' ? value : std::string_view();
    }
  });
  return valid && status_ok;
}

// The message members outputs take, each as its value's text (or empty).
struct Message {
  std::string_view id, conversation_id, created_at, message_type, type, body;
};

// StringOrNull and IntegerOrNull of interpret.cc, applied to a member's text.
void AppendStringOrNull(std::string_view text, std::string* out) {
  // A literal without escapes is already as Write would write its value: it
  // passed the reader, so it holds no control byte and only valid UTF-8.
  if (text.size() >= 2 && text.front() == '"' && text.find('\\') == std::string_view::npos) {
    out->append(text);
    return;
  }
  Json value;
  if (text.empty() || !json_text::Parse(text, &value) || value.is_null()) {
    out->append("null");
  } else if (value.is_string()) {
    AppendString(value.get_ref<const std::string&>(), out);
  } else {
    AppendString(value.dump(), out);
  }
}

void AppendIntegerOrNull(std::string_view text, std::string* out) {
  Json value;
  if (!text.empty() && json_text::Parse(text, &value) && value.is_number_integer()) {
    json_text::Append(value, out);
  } else {
    out->append("null");
  }
}

bool HasConversationId(std::string_view text) {
  Json value;
  if (text.empty() || !json_text::Parse(text, &value)) return false;
  return (value.is_string() && !value.get_ref<const std::string&>().empty()) || value.is_number();
}

// The outputs of a 2xx whose body is a message; false for anything else.
bool AppendOutputs(const std::string& body, std::string* out) {
  Message m;
  bool valid = json_text::VisitObject(body, [&](const std::string& key, std::string_view value) {
    if (key == "id") m.id = value;
    else if (key == "conversation_id") m.conversation_id = value;
    else if (key == "created_at") m.created_at = value;
    else if (key == "message_type") m.message_type = value;
    else if (key == "type") m.type = value;
    else if (key == "body") m.body = value;
  });
  if (!valid || !HasConversationId(m.conversation_id)) return false;
  out->append(R"({"outputs":{"body":)");
  AppendStringOrNull(m.body, out);
  out->append(R"(,"conversation_id":)");
  AppendStringOrNull(m.conversation_id, out);
  out->append(R"(,"created_at":)");
  AppendIntegerOrNull(m.created_at, out);
  out->append(R"(,"message_id":)");
  AppendStringOrNull(m.id, out);
  out->append(R"(,"message_type":)");
  AppendStringOrNull(m.message_type, out);
  out->append(R"(,"type":)");
  AppendStringOrNull(m.type, out);
  out->append("}}");
  return true;
}

}  // namespace

std::string PrepareAnswerText(const Json& inputs) {
  ConversationInputs valid;
  FieldReport report;
  ValidateInputs(inputs, &valid, &report);
  if (!report.ok() || !report.warnings().empty()) return json_text::Write(PrepareRequest(inputs));
  std::string text;
  text.reserve(512);
  AppendRequest(valid, &text);
  return text;
}

std::string InterpretAnswerText(const wf::plugin::LazyJson& request, const char* response_json) {
  Answer answer;
  if (response_json != nullptr && ReadAnswer(response_json, &answer) && answer.headers_ok &&
      answer.status >= 200 && answer.status < 300 && !answer.body_literal.empty()) {
    std::string body;
    std::string text;
    if (json_text::ReadString(answer.body_literal, &body) && AppendOutputs(body, &text)) return text;
  }
  // Failures, odd answers and anything malformed: the reference path.
  return json_text::Write(InterpretResponse(request, wf::plugin::ParseInput(response_json)));
}

}  // namespace wf::intercom

#include "prepare.h"

#include <charconv>

#include "wf/json_text.hpp"

namespace wf::intercom {
namespace {

using wf::json_text::AppendString;

void AppendKey(const char* key, std::string* out) {
  out->append(",\"");
  out->append(key);
  out->append("\":");
}

}  // namespace

std::string RequestBodyText(const ConversationInputs& in) {
  std::string out;
  out.reserve(96 + in.body.size() + in.from_id.size());
  out.append(R"({"from":{"type":)");
  AppendString(in.from_type, &out);
  out.append(R"(,"id":)");
  AppendString(in.from_id, &out);
  out.push_back('}');
  AppendKey("body", &out);
  AppendString(in.body, &out);
  if (in.message_type) {
    AppendKey("message_type", &out);
    AppendString(*in.message_type, &out);
  }
  if (in.subject) {
    AppendKey("subject", &out);
    AppendString(*in.subject, &out);
  }
  if (in.created_at) {
    AppendKey("created_at", &out);
    char digits[24];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, *in.created_at);
    out.append(digits, end);
  }
  if (in.attachment_urls) {
    AppendKey("attachment_urls", &out);
    out.push_back('[');
    for (size_t i = 0; i < in.attachment_urls->size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendString((*in.attachment_urls)[i], &out);
    }
    out.push_back(']');
  }
  out.push_back('}');
  return out;
}

wf::plugin::Request BuildRequest(const ConversationInputs& inputs) {
  wf::plugin::Request request;
  request.method = "POST";
  request.url = inputs.base_url + "/conversations";
  request.headers.reserve(4);
  request.headers.emplace_back("Authorization", "Bearer " + inputs.access_token);
  request.headers.emplace_back("Accept", "application/json");
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("Intercom-Version", inputs.intercom_version);
  request.body = RequestBodyText(inputs);
  return request;
}

wf::plugin::Prepared PrepareConversation(const Json& inputs) {
  ConversationInputs valid;
  FieldReport report;
  ValidateInputs(inputs, &valid, &report);
  wf::plugin::Prepared prepared;
  if (report.ok()) {
    prepared.request = BuildRequest(valid);
  } else {
    prepared.errors = report.TakeErrors();
  }
  prepared.warnings = report.TakeWarnings();
  return prepared;
}

}  // namespace wf::intercom

#include "prepare.h"

namespace wf::intercom {

// Built member by member: nested initializer lists copy every level, and this
// runs once per step.
Json BuildRequestBody(const ConversationInputs& inputs) {
  Json from = Json::object();
  from["type"] = inputs.from_type;
  from["id"] = inputs.from_id;
  Json body = Json::object();
  body["from"] = std::move(from);
  body["body"] = inputs.body;
  if (inputs.message_type) body["message_type"] = *inputs.message_type;
  if (inputs.subject) body["subject"] = *inputs.subject;
  if (inputs.created_at) body["created_at"] = *inputs.created_at;
  if (inputs.attachment_urls) body["attachment_urls"] = *inputs.attachment_urls;
  return body;
}

Json BuildRequest(const ConversationInputs& inputs) {
  Json headers = Json::object();
  headers["Authorization"] = "Bearer " + inputs.access_token;
  headers["Accept"] = "application/json";
  headers["Content-Type"] = "application/json";
  headers["Intercom-Version"] = inputs.intercom_version;
  Json request = Json::object();
  request["method"] = "POST";
  request["url"] = inputs.base_url + "/conversations";
  request["headers"] = std::move(headers);
  request["body"] = BuildRequestBody(inputs);
  return request;
}

Json PrepareRequest(const Json& inputs) {
  ConversationInputs valid;
  FieldReport report;
  ValidateInputs(inputs, &valid, &report);
  Json result = Json::object();
  if (report.ok()) {
    result["request"] = BuildRequest(valid);
  } else {
    result["errors"] = report.errors();
  }
  if (!report.warnings().empty()) result["warnings"] = report.warnings();
  return result;
}

}  // namespace wf::intercom

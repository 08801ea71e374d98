#include "prepare.h"

namespace wf::intercom {

Json BuildRequestBody(const ConversationInputs& inputs) {
  Json body = {{"from", {{"type", inputs.from_type}, {"id", inputs.from_id}}},
               {"body", inputs.body}};
  if (inputs.message_type) body["message_type"] = *inputs.message_type;
  if (inputs.subject) body["subject"] = *inputs.subject;
  if (inputs.created_at) body["created_at"] = *inputs.created_at;
  if (inputs.attachment_urls) body["attachment_urls"] = *inputs.attachment_urls;
  return body;
}

Json BuildRequest(const ConversationInputs& inputs) {
  return Json{{"method", "POST"},
              {"url", inputs.base_url + "/conversations"},
              {"headers",
               {{"Authorization", "Bearer " + inputs.access_token},
                {"Accept", "application/json"},
                {"Content-Type", "application/json"},
                {"Intercom-Version", inputs.intercom_version}}},
              {"body", BuildRequestBody(inputs)}};
}

Json PrepareRequest(const Json& inputs) {
  ConversationInputs valid;
  FieldReport report;
  ValidateInputs(inputs, &valid, &report);
  Json result = report.ok() ? Json{{"request", BuildRequest(valid)}}
                            : Json{{"errors", report.errors()}};
  if (!report.warnings().empty()) result["warnings"] = report.warnings();
  return result;
}

}  // namespace wf::intercom

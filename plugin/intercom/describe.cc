#include "describe.h"

#include "fields.h"

namespace wf::intercom {
namespace {

Json RequestSettings() {
  Json base_urls = Json::object();
  for (std::string_view region : kRegions) {
    base_urls[std::string(region)] = std::string(RegionBaseUrl(region));
  }
  return Json{
      {"method", "POST"},
      {"url", "{base_url}/conversations"},
      {"base_urls", base_urls},
      {"headers", Json::array({
                      {{"name", "Authorization"}, {"value", "Bearer {access_token}"}, {"secret", true}},
                      {{"name", "Accept"}, {"value", "application/json"}},
                      {{"name", "Content-Type"}, {"value", "application/json"}},
                      {{"name", "Intercom-Version"}, {"value", "{intercom_version}"},
                       {"default", kDefaultVersion}},
                  })},
      {"body",
       {{"from", {{"type", "{from.type}"}, {"id", "{from.id}"}}},
        {"body", "{body}"},
        {"message_type", "{message_type}"},
        {"subject", "{subject}"},
        {"created_at", "{created_at}"},
        {"attachment_urls", "{attachment_urls}"}}},
      {"optional_body_fields", {"message_type", "subject", "created_at", "attachment_urls"}},
      {"idempotent", false}};
}

Json Output(const char* name, const char* type, const char* description) {
  return Json{{"name", name}, {"type", type}, {"description", description}};
}

Json Outputs() {
  return Json::array({
      Output("message_id", "string", "Intercom's id of the message that opened the conversation."),
      Output("conversation_id", "string",
             "Intercom's id of the new conversation, for later steps that reply to it or tag it."),
      Output("created_at", "integer", "When Intercom recorded the message, in UTC Unix seconds."),
      Output("message_type", "string", "The channel Intercom recorded, such as inapp or email."),
      Output("type", "string", "What kind of object Intercom returned, normally user_message."),
      Output("body", "string", "The message text as Intercom stored it."),
      Output("response", "object",
             "The raw answer: status code, headers (lower-case names) and the parsed JSON body."),
  });
}

Json ErrorMapping(int status, const char* code, const char* meaning, const char* retry) {
  return Json{{"status", status}, {"code", code}, {"meaning", meaning}, {"retry", retry}};
}

Json Errors() {
  return Json::array({
      ErrorMapping(400, "invalid", "A parameter was missing or malformed; the message names it.", "never"),
      ErrorMapping(401, "unauthorized",
                   "The access token is wrong, revoked, or belongs to another region's workspace.",
                   "never"),
      ErrorMapping(403, "forbidden",
                   "The workspace's plan or the token's permissions do not allow this call.", "never"),
      ErrorMapping(404, "not_found", "No contact of from.type has the id in from.id.", "never"),
      ErrorMapping(422, "invalid", "Intercom understood the request but refused its values.", "never"),
      ErrorMapping(429, "rate_limited",
                   "Too many requests for this workspace; sending again works once the limit "
                   "resets (X-RateLimit-Reset).",
                   "after_reset"),
      ErrorMapping(500, "unknown_outcome",
                   "Intercom failed while handling the request; the conversation may or may not "
                   "exist.",
                   "unknown_outcome"),
      ErrorMapping(502, "unknown_outcome",
                   "A gateway in front of Intercom failed; the conversation may or may not exist.",
                   "unknown_outcome"),
      ErrorMapping(503, "unavailable", "Intercom is briefly unable to take requests.", "backoff"),
      ErrorMapping(504, "unknown_outcome",
                   "Intercom did not answer in time; the conversation may or may not exist.",
                   "unknown_outcome"),
  });
}

}  // namespace

Json DescribeTask() {
  return Json{
      {"id", kTaskId},
      {"title", kTaskTitle},
      {"category", "Intercom"},
      {"tags", {"intercom", "conversations", "messaging", "support", "http"}},
      {"summary", "Opens an Intercom conversation with a first message written by a contact."},
      {"description",
       "Sends POST /conversations to Intercom so that a user, lead or contact appears to have "
       "started a conversation with the given text. Intercom answers with the message it "
       "recorded, whose conversation_id later steps can use. The request is not idempotent: "
       "sending it twice opens two conversations, so a 5xx answer is reported as an unknown "
       "outcome rather than retried. Set created_at only when importing past conversations."},
      {"docs_url", kDocsUrl},
      {"fields", DescribeFields()},
      {"request", RequestSettings()},
      {"outputs", Outputs()},
      {"errors", Errors()},
  };
}

}  // namespace wf::intercom

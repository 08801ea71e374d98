#include "fields.h"

#include <string>

namespace wf::intercom {
namespace {

Json EnumOf(const auto& names) {
  Json out = Json::array();
  for (std::string_view name : names) out.push_back(std::string(name));
  return out;
}

Json Field(const char* path, const char* type, bool required, const char* location,
           const std::string& description) {
  return Json{{"path", path},         {"type", type},         {"required", required},
              {"location", location}, {"description", description}};
}

Json FromFields() {
  Json from = Field("from", "object", true, "body",
                    "The contact on whose behalf the conversation is opened: an object with "
                    "'type' and 'id'.");
  Json type = Field("from.type", "string", true, "body",
                    "What kind of contact 'from.id' names: 'user', 'lead' or 'contact'. A "
                    "visitor can be given as 'contact'; Intercom then turns it into a lead.");
  type["enum"] = EnumOf(kFromTypes);
  Json id = Field("from.id", "string", true, "body",
                  "Intercom's identifier of the contact (not your own external id). Must not "
                  "be empty or contain control characters.");
  id["min_length"] = 1;
  return Json::array({from, type, id});
}

Json MessageFields() {
  Json body = Field("body", "string", true, "body",
                    "The text of the contact's first message. Intercom treats it as plain text, "
                    "so HTML tags are sent as they are and show up literally (prepare warns). "
                    "This task accepts at most " + std::to_string(kMaxBodyChars) +
                        " characters, a limit of its own rather than Intercom's.");
  body["min_length"] = 1;
  body["max_length"] = kMaxBodyChars;
  Json message_type = Field("message_type", "string", false, "body",
                            "The channel of the message: email, inapp, whatsapp, facebook or "
                            "sms. Left out when not given, so Intercom picks its default.");
  message_type["enum"] = EnumOf(kMessageTypes);
  Json subject = Field("subject", "string", false, "body",
                       "The email subject. Intercom only uses it when message_type is email; "
                       "prepare warns when it is given with any other message_type.");
  Json created_at = Field(
      "created_at", "integer", false, "body",
      "When the conversation started, in UTC Unix seconds; Intercom uses the current time "
      "when it is not given. Meant for importing past conversations. Must be from 0 to " +
          std::to_string(kMaxCreatedAt) +
          " (the year 2100), which also catches milliseconds. A string of digits such as "
          "\"1671028894\" is accepted and sent as a number; decimals are refused.");
  created_at["minimum"] = 0;
  created_at["maximum"] = kMaxCreatedAt;
  created_at["format"] = "unix-seconds";
  Json attachments = Field("attachment_urls", "array", false, "body",
                           "Links to images that Intercom attaches to the message: at most " +
                               std::to_string(kMaxAttachments) +
                               " absolute http or https URLs.");
  attachments["max_items"] = kMaxAttachments;
  attachments["items"] = Json{{"type", "string"}, {"format", "uri"}};
  return Json::array({body, message_type, subject, created_at, attachments});
}

Json ConnectionFields() {
  Json version = Field("intercom_version", "string", false, "header",
                       "The Intercom API version to ask for, sent as the Intercom-Version "
                       "header. Write it as a string: in YAML an unquoted 2.10 reads as the "
                       "number 2.1.");
  version["header"] = "Intercom-Version";
  version["default"] = kDefaultVersion;
  version["enum"] = EnumOf(kVersions);
  Json region = Field("region", "string", false, "connection",
                      "Where the Intercom workspace is hosted: us (api.intercom.io), eu "
                      "(api.eu.intercom.io) or au (api.au.intercom.io). A token only works in "
                      "its own region.");
  region["default"] = kDefaultRegion;
  region["enum"] = EnumOf(kRegions);
  Json base_url = Field("base_url", "string", false, "connection",
                        "Sends the request to this origin instead of the region's, for a "
                        "sandbox or a proxy: an absolute http or https URL, optionally with a "
                        "path, without query or fragment. A trailing slash is ignored, and an "
                        "empty string counts as not given.");
  base_url["format"] = "uri";
  Json token = Field("access_token", "string", true, "connection",
                     "The Intercom access token, sent as a Bearer token. By default it comes "
                     "from the workflow secret INTERCOM_ACCESS_TOKEN; it is never shown in "
                     "messages.");
  token["secret"] = true;
  token["default"] = kAccessTokenDefault;
  token["min_length"] = 1;
  return Json::array({version, region, base_url, token});
}

}  // namespace

std::string_view RegionBaseUrl(std::string_view region) {
  if (region == "us") return "https://api.intercom.io";
  if (region == "eu") return "https://api.eu.intercom.io";
  if (region == "au") return "https://api.au.intercom.io";
  return {};
}

Json DescribeFields() {
  Json fields = FromFields();
  for (Json& field : MessageFields()) fields.push_back(std::move(field));
  for (Json& field : ConnectionFields()) fields.push_back(std::move(field));
  return fields;
}

}  // namespace wf::intercom

// The static description the editor and the engine read.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "describe.h"
#include "fields.h"
#include "interpret.h"

namespace wf::intercom {
namespace {

const Json& FieldAt(const Json& description, const std::string& path) {
  for (const Json& field : description.at("fields")) {
    if (field.at("path") == path) return field;
  }
  FAIL("no field " << path);
  throw;
}

TEST_CASE("describe names the task and its documentation", "[describe]") {
  Json description = DescribeTask();
  CHECK(description.at("id") == "intercom.create_conversation");
  CHECK(description.at("title") == "Intercom: Create Conversation");
  CHECK(description.at("category") == "Intercom");
  CHECK(description.at("tags").size() >= 1);
  CHECK(description.at("summary").get<std::string>().find('\n') == std::string::npos);
  CHECK(description.at("description").get<std::string>().size() > 100);
  CHECK(description.at("docs_url") ==
        "https://developers.intercom.com/docs/references/2.12/rest-api/api.intercom.io/"
        "conversations/createconversation");
  CHECK(description == DescribeTask());
}

TEST_CASE("describe lists every field in order with type, required, default and enum",
          "[describe]") {
  Json description = DescribeTask();
  std::vector<std::string> paths;
  for (const Json& field : description.at("fields")) {
    paths.push_back(field.at("path"));
    CHECK(field.at("description").get<std::string>().size() > 20);
    CHECK(field.contains("type"));
    CHECK(field.contains("required"));
  }
  CHECK(paths == std::vector<std::string>{"from", "from.type", "from.id", "body", "message_type",
                                          "subject", "created_at", "attachment_urls",
                                          "intercom_version", "region", "base_url", "access_token"});

  struct Expected {
    const char* path;
    const char* type;
    bool required;
    const char* location;
  };
  for (const Expected& e : {Expected{"from", "object", true, "body"},
                            Expected{"from.type", "string", true, "body"},
                            Expected{"from.id", "string", true, "body"},
                            Expected{"body", "string", true, "body"},
                            Expected{"message_type", "string", false, "body"},
                            Expected{"subject", "string", false, "body"},
                            Expected{"created_at", "integer", false, "body"},
                            Expected{"attachment_urls", "array", false, "body"},
                            Expected{"intercom_version", "string", false, "header"},
                            Expected{"region", "string", false, "connection"},
                            Expected{"base_url", "string", false, "connection"},
                            Expected{"access_token", "string", true, "connection"}}) {
    INFO(e.path);
    const Json& field = FieldAt(description, e.path);
    CHECK(field.at("type") == e.type);
    CHECK(field.at("required") == e.required);
    CHECK(field.at("location") == e.location);
  }

  CHECK(FieldAt(description, "from.type").at("enum") == Json{"user", "lead", "contact"});
  CHECK(FieldAt(description, "from.id").at("min_length") == 1);
  CHECK(FieldAt(description, "body").at("max_length") == 65536);
  CHECK(FieldAt(description, "body").at("description").get<std::string>().find("65536") !=
        std::string::npos);
  CHECK(FieldAt(description, "message_type").at("enum") ==
        Json{"email", "inapp", "whatsapp", "facebook", "sms"});
  CHECK(FieldAt(description, "created_at").at("minimum") == 0);
  CHECK(FieldAt(description, "created_at").at("maximum") == 4102444800);
  CHECK(FieldAt(description, "attachment_urls").at("max_items") == 10);
  CHECK(FieldAt(description, "attachment_urls").at("items") ==
        Json{{"type", "string"}, {"format", "uri"}});
  const Json& version = FieldAt(description, "intercom_version");
  CHECK(version.at("default") == "2.12");
  CHECK(version.at("header") == "Intercom-Version");
  CHECK(version.at("enum").size() == 24);
  CHECK(version.at("enum").front() == "1.0");
  CHECK(version.at("enum").back() == "Preview");
  for (const char* v : {"1.4", "2.0", "2.11", "2.12", "2.13", "2.16", "Unstable"}) {
    CHECK(std::find(version.at("enum").begin(), version.at("enum").end(), v) != version.at("enum").end());
  }
  CHECK(FieldAt(description, "region").at("default") == "us");
  CHECK(FieldAt(description, "region").at("enum") == Json{"us", "eu", "au"});
  CHECK(FieldAt(description, "base_url").at("format") == "uri");
  const Json& token = FieldAt(description, "access_token");
  CHECK(token.at("secret") == true);
  CHECK(token.at("default") == "${workflow.secrets.INTERCOM_ACCESS_TOKEN}");
  SECTION("only the token is secret, and optional fields without defaults have none") {
    for (const Json& field : description.at("fields")) {
      CHECK(field.contains("secret") == (field.at("path") == "access_token"));
    }
    for (const char* path : {"message_type", "subject", "created_at", "attachment_urls", "base_url"}) {
      CHECK_FALSE(FieldAt(description, path).contains("default"));
    }
  }
}

TEST_CASE("describe carries complete request settings for other runners", "[describe]") {
  Json request = DescribeTask().at("request");
  CHECK(request == Json::parse(R"({
      "method": "POST", "url": "{base_url}/conversations",
      "base_urls": {"us": "https://api.intercom.io", "eu": "https://api.eu.intercom.io",
                    "au": "https://api.au.intercom.io"},
      "headers": [
        {"name": "Authorization", "value": "Bearer {access_token}", "secret": true},
        {"name": "Accept", "value": "application/json"},
        {"name": "Content-Type", "value": "application/json"},
        {"name": "Intercom-Version", "value": "{intercom_version}", "default": "2.12"}],
      "body": {"from": {"type": "{from.type}", "id": "{from.id}"}, "body": "{body}",
               "message_type": "{message_type}", "subject": "{subject}",
               "created_at": "{created_at}", "attachment_urls": "{attachment_urls}"},
      "optional_body_fields": ["message_type", "subject", "created_at", "attachment_urls"],
      "idempotent": false})"));
}

TEST_CASE("describe lists the outputs and the error mapping", "[describe]") {
  Json description = DescribeTask();
  std::vector<std::string> names;
  for (const Json& output : description.at("outputs")) {
    names.push_back(output.at("name").get<std::string>() + ":" + output.at("type").get<std::string>());
    CHECK_FALSE(output.at("description").get<std::string>().empty());
  }
  CHECK(names == std::vector<std::string>{"message_id:string", "conversation_id:string",
                                          "created_at:integer", "message_type:string",
                                          "type:string", "body:string", "response:object"});
  std::vector<std::string> errors;
  for (const Json& error : description.at("errors")) {
    errors.push_back(std::to_string(error.at("status").get<int>()) + " " +
                     error.at("code").get<std::string>() + " " + error.at("retry").get<std::string>());
    CHECK_FALSE(error.at("meaning").get<std::string>().empty());
    // What describe promises is what interpret does.
    CHECK(ErrorKind(error.at("status")) == error.at("code"));
  }
  CHECK(errors == std::vector<std::string>{
                      "400 invalid never", "401 unauthorized never", "403 forbidden never",
                      "404 not_found never", "422 invalid never", "429 rate_limited after_reset",
                      "500 unknown_outcome unknown_outcome", "502 unknown_outcome unknown_outcome",
                      "503 unavailable backoff", "504 unknown_outcome unknown_outcome"});
}

}  // namespace
}  // namespace wf::intercom

// The request prepare() builds, the shape of its errors, and how the JSON body
// is escaped.
#include <string>

#include <catch2/catch.hpp>

#include "plugin_test_util.h"

namespace wf::intercom {
namespace {

using testing::InterpretResponse;
using testing::Json;
using testing::PrepareRequest;
using testing::MinimalInputs;
using testing::With;

TEST_CASE("prepare builds the POST /conversations request from minimal inputs", "[prepare]") {
  Json prepared = PrepareRequest(MinimalInputs());
  CHECK(prepared == Json::parse(R"({"request": {
      "method": "POST",
      "url": "https://api.intercom.io/conversations",
      "headers": {"Authorization": "Bearer tok_abc123", "Accept": "application/json",
                  "Content-Type": "application/json", "Intercom-Version": "2.12"},
      "body": {"from": {"type": "user", "id": "536e564f316c83104c000020"},
               "body": "Hello there"}}})"));
  CHECK_FALSE(prepared.contains("warnings"));
  CHECK_FALSE(prepared.contains("errors"));
}

TEST_CASE("prepare sends every optional field that was given", "[prepare]") {
  Json inputs = MinimalInputs();
  inputs["message_type"] = "email";
  inputs["subject"] = "Welcome";
  inputs["created_at"] = "1671028894";
  inputs["attachment_urls"] = {"https://cdn.example.com/a.png"};
  inputs["intercom_version"] = "2.16";
  inputs["region"] = "au";
  Json request = PrepareRequest(inputs).at("request");
  CHECK(request.at("url") == "https://api.au.intercom.io/conversations");
  CHECK(request.at("headers").at("Intercom-Version") == "2.16");
  CHECK(request.at("body") == Json::parse(R"({
      "from": {"type": "user", "id": "536e564f316c83104c000020"}, "body": "Hello there",
      "message_type": "email", "subject": "Welcome", "created_at": 1671028894,
      "attachment_urls": ["https://cdn.example.com/a.png"]})"));
  SECTION("a created_at given as digits is sent as a JSON number") {
    CHECK(request.at("body").at("created_at").is_number_integer());
  }
}

TEST_CASE("prepare reports errors as path, message, found and allowed", "[prepare]") {
  SECTION("a wrong value") {
    CHECK(PrepareRequest(With("from.type", "robot")) == Json::parse(R"({"errors": [
        {"path": "from.type", "message": "from.type is 'robot'; allowed: user, lead, contact",
         "found": "'robot'", "allowed": "user, lead, contact"}]})"));
  }
  SECTION("a missing value has a null found") {
    CHECK(PrepareRequest(With("body", nullptr)) == Json::parse(R"({"errors": [
        {"path": "body", "message": "body is required", "found": null,
         "allowed": "a non-empty string of at most 65536 characters"}]})"));
  }
  SECTION("a count") {
    Json urls = Json::array();
    for (int i = 0; i < 12; ++i) urls.push_back("https://x.io/" + std::to_string(i));
    CHECK(PrepareRequest(With("attachment_urls", urls)).at("errors")[0] == Json::parse(R"(
        {"path": "attachment_urls", "message": "attachment_urls has 12 items; allowed: at most 10",
         "found": "12 items", "allowed": "at most 10"})"));
  }
  SECTION("an unknown field") {
    CHECK(PrepareRequest(With("foo", 1)).at("errors")[0].at("found") == "'foo'");
  }
  SECTION("warnings come along with errors") {
    Json inputs = With("body", "<p>hi</p>");
    inputs.erase("access_token");
    Json prepared = PrepareRequest(inputs);
    CHECK(prepared.at("errors").size() == 1);
    CHECK(prepared.at("warnings")[0].at("path") == "body");
    CHECK_FALSE(prepared.contains("request"));
  }
}

TEST_CASE("the request body escapes quotes, newlines, backslashes and control characters",
          "[prepare][json]") {
  const std::string text = std::string("He said \"hi\"\nC:\\temp\ttab\x01\x1f end ") +
                           "caf\u00e9 \u65e5\u672c \U0001F600 " + std::string("nul\0!", 5);
  Json inputs = With("body", text);
  inputs["from"]["id"] = "id-\u00e9";
  Json body = PrepareRequest(inputs).at("request").at("body");
  std::string serialized = body.dump();
  SECTION("exact bytes: JSON escapes for the ASCII specials, UTF-8 left as it is") {
    CHECK(serialized ==
          "{\"body\":\"He said \\\"hi\\\"\\nC:\\\\temp\\ttab\\u0001\\u001f end "
          "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 nul\\u0000!\","
          "\"from\":{\"id\":\"id-\xC3\xA9\",\"type\":\"user\"}}");
  }
  SECTION("parsing the bytes gives back the same text") {
    Json reparsed = Json::parse(serialized);
    CHECK(reparsed.at("body").get<std::string>() == text);
    CHECK(reparsed.at("body").get<std::string>().size() == text.size());
    CHECK(reparsed.at("from").at("id") == "id-\u00e9");
  }
}

}  // namespace
}  // namespace wf::intercom

// Field rules for from, body, message_type, subject, created_at and
// attachment_urls, with the exact messages users see.
#include <string>

#include <catch2/catch.hpp>

#include "plugin_test_util.h"

namespace wf::intercom {
namespace {

using testing::Errors;
using testing::Json;
using testing::Messages;
using testing::MinimalInputs;
using testing::Warnings;
using testing::With;

const std::string kFromIdAllowed = "allowed: a non-empty string without control characters";
const std::string kBodyAllowed = "allowed: a non-empty string of at most 65536 characters";

TEST_CASE("from must be an object with a known type and a non-empty id", "[validate]") {
  SECTION("missing") { CHECK(Errors(With("from", nullptr)) == Messages{"from is required"}); }
  SECTION("not an object") {
    CHECK(Errors(With("from", "abc")) ==
          Messages{"from is 'abc'; allowed: an object with type and id"});
    CHECK(Errors(With("from", Json::array({1}))) ==
          Messages{"from is [1]; allowed: an object with type and id"});
  }
  SECTION("empty object reports both members") {
    CHECK(Errors(With("from", Json::object())) ==
          Messages{"from.type is required", "from.id is required"});
  }
  SECTION("every allowed type passes") {
    for (const char* type : {"user", "lead", "contact"}) {
      CHECK(Errors(With("from.type", type)).empty());
    }
  }
  SECTION("unknown type, other case or wrong JSON type") {
    CHECK(Errors(With("from.type", "robot")) ==
          Messages{"from.type is 'robot'; allowed: user, lead, contact"});
    CHECK(Errors(With("from.type", "User")) ==
          Messages{"from.type is 'User'; allowed: user, lead, contact"});
    CHECK(Errors(With("from.type", 5)) == Messages{"from.type is 5; allowed: user, lead, contact"});
  }
  SECTION("empty, blank or non-string id") {
    CHECK(Errors(With("from.id", "")) == Messages{"from.id is ''; " + kFromIdAllowed});
    CHECK(Errors(With("from.id", "   ")) == Messages{"from.id is '   '; " + kFromIdAllowed});
    CHECK(Errors(With("from.id", 12345)) == Messages{"from.id is 12345; " + kFromIdAllowed});
  }
  SECTION("control characters in the id are refused and shown escaped") {
    CHECK(Errors(With("from.id", "abc\r\nX-Evil: 1")) ==
          Messages{"from.id is 'abc\\r\\nX-Evil: 1'; " + kFromIdAllowed});
    CHECK(Errors(With("from.id", std::string("a\0b", 3))) ==
          Messages{"from.id is 'a\\u0000b'; " + kFromIdAllowed});
    CHECK(Errors(With("from.id", "a\x7f")) == Messages{"from.id is 'a\\u007f'; " + kFromIdAllowed});
  }
  SECTION("unknown members of from") {
    CHECK(Errors(With("from.email", "a@b.c")) ==
          Messages{"unknown field 'from.email'; allowed: from.type, from.id"});
  }
}

TEST_CASE("body must be non-empty text of at most 65536 characters", "[validate]") {
  SECTION("missing") { CHECK(Errors(With("body", nullptr)) == Messages{"body is required"}); }
  SECTION("wrong JSON type") {
    CHECK(Errors(With("body", 42)) == Messages{"body is 42; " + kBodyAllowed});
    CHECK(Errors(With("body", Json{{"text", "hi"}})) ==
          Messages{"body is {\"text\":\"hi\"}; " + kBodyAllowed});
  }
  SECTION("empty or blank") {
    CHECK(Errors(With("body", "")) == Messages{"body is ''; " + kBodyAllowed});
    CHECK(Errors(With("body", " \n\t")) == Messages{"body is ' \\n\\t'; " + kBodyAllowed});
  }
  SECTION("the limit counts characters, not bytes") {
    CHECK(Errors(With("body", std::string(65536, 'a'))).empty());
    std::string accents;
    for (int i = 0; i < 65536; ++i) accents += "\u00e9";
    CHECK(Errors(With("body", accents)).empty());
    CHECK(Errors(With("body", std::string(65537, 'a'))) ==
          Messages{"body is 65537 characters long; " + kBodyAllowed});
  }
}

TEST_CASE("body with HTML tags is sent but draws a warning", "[validate]") {
  const std::string tail =
      "; Intercom shows the body as plain text, so the tags will appear literally";
  SECTION("tags") {
    CHECK(Warnings(With("body", "<p>Hello</p>")) ==
          Messages{"body contains HTML tags such as '<p>'" + tail});
    CHECK(Warnings(With("body", "line one<br/>line two")) ==
          Messages{"body contains HTML tags such as '<br/>'" + tail});
    CHECK(Warnings(With("body", "see </div> here")) ==
          Messages{"body contains HTML tags such as '</div>'" + tail});
    CHECK(Warnings(With("body", "a <a href=\"https://x.io\">link</a>")) ==
          Messages{"body contains HTML tags such as '<a href=\"https://x.io\">'" + tail});
    CHECK(Errors(With("body", "<p>Hello</p>")).empty());
  }
  SECTION("comparisons and arrows are not tags") {
    CHECK(Warnings(With("body", "1 < 2 and 3 > 2")).empty());
    CHECK(Warnings(With("body", "a->b <3 <-- x")).empty());
    CHECK(Warnings(With("body", "<b\nfoo>")).empty());
  }
}

TEST_CASE("message_type must be one of Intercom's channels", "[validate]") {
  for (const char* type : {"email", "inapp", "whatsapp", "facebook", "sms"}) {
    CHECK(Errors(With("message_type", type)).empty());
  }
  CHECK(Errors(With("message_type", "push")) ==
        Messages{"message_type is 'push'; allowed: email, inapp, whatsapp, facebook, sms"});
  CHECK(Errors(With("message_type", true)) ==
        Messages{"message_type is true; allowed: email, inapp, whatsapp, facebook, sms"});
}

TEST_CASE("subject is text and only meant for email", "[validate]") {
  Json email = With("subject", "Thanks");
  email["message_type"] = "email";
  Json inapp = email;
  inapp["message_type"] = "inapp";
  SECTION("with email") { CHECK(Warnings(email).empty()); }
  SECTION("with another channel") {
    CHECK(Warnings(inapp) == Messages{"subject only applies to email messages, but message_type "
                                      "is 'inapp'; Intercom may ignore it"});
  }
  SECTION("without a channel") {
    CHECK(Warnings(With("subject", "Thanks")) ==
          Messages{"subject only applies to email messages, but message_type is not set; "
                   "Intercom may ignore it"});
  }
  SECTION("not a string") {
    CHECK(Errors(With("subject", 5)) == Messages{"subject is 5; allowed: a string"});
  }
}

TEST_CASE("created_at is UTC Unix seconds from 1970 to 2100", "[validate]") {
  const std::string type = "; allowed: an integer (UTC Unix seconds)";
  const std::string range =
      "; allowed: 0 to 4102444800 (UTC Unix seconds up to the year 2100, not milliseconds)";
  SECTION("integers in range") {
    for (Json value : {Json(0), Json(1671028894), Json(4102444800)}) {
      CHECK(Errors(With("created_at", value)).empty());
    }
  }
  SECTION("a string of digits is accepted") {
    CHECK(Errors(With("created_at", "1671028894")).empty());
    CHECK(Errors(With("created_at", "0001")).empty());
  }
  SECTION("out of range") {
    CHECK(Errors(With("created_at", 4102444801)) == Messages{"created_at is 4102444801" + range});
    CHECK(Errors(With("created_at", -1)) == Messages{"created_at is -1" + range});
    CHECK(Errors(With("created_at", 1671028894000)) == Messages{"created_at is 1671028894000" + range});
    CHECK(Errors(With("created_at", 18446744073709551615ull)) ==
          Messages{"created_at is 18446744073709551615" + range});
    CHECK(Errors(With("created_at", "1671028894000")) ==
          Messages{"created_at is '1671028894000'" + range});
    CHECK(Errors(With("created_at", "-5")) == Messages{"created_at is '-5'" + range});
    CHECK(Errors(With("created_at", "99999999999999999999999")) ==
          Messages{"created_at is '99999999999999999999999'" + range});
  }
  SECTION("not an integer") {
    CHECK(Errors(With("created_at", "abc")) == Messages{"created_at is 'abc'" + type});
    CHECK(Errors(With("created_at", 1.5)) == Messages{"created_at is 1.5" + type});
    CHECK(Errors(With("created_at", 1671028894.0)) == Messages{"created_at is 1671028894.0" + type});
    CHECK(Errors(With("created_at", "12.5")) == Messages{"created_at is '12.5'" + type});
    CHECK(Errors(With("created_at", " 12")) == Messages{"created_at is ' 12'" + type});
    CHECK(Errors(With("created_at", "")) == Messages{"created_at is ''" + type});
    CHECK(Errors(With("created_at", true)) == Messages{"created_at is true" + type});
  }
}

TEST_CASE("attachment_urls holds at most 10 absolute http(s) URLs", "[validate]") {
  Json ten = Json::array();
  for (int i = 0; i < 10; ++i) ten.push_back("https://cdn.example.com/" + std::to_string(i) + ".png");
  SECTION("ten are fine, and an empty list too") {
    CHECK(Errors(With("attachment_urls", ten)).empty());
    CHECK(Errors(With("attachment_urls", Json::array())).empty());
  }
  SECTION("eleven are too many") {
    Json eleven = ten;
    eleven.push_back("https://cdn.example.com/10.png");
    CHECK(Errors(With("attachment_urls", eleven)) ==
          Messages{"attachment_urls has 11 items; allowed: at most 10"});
  }
  SECTION("not a list") {
    CHECK(Errors(With("attachment_urls", "https://x.io/a.png")) ==
          Messages{"attachment_urls is 'https://x.io/a.png'; allowed: a list of at most 10 "
                   "absolute http or https URLs"});
  }
  SECTION("each bad item is named by its index") {
    Json urls = {"HTTPS://CDN.EXAMPLE.COM/A.PNG", "ftp://x.io/a.png", 5, "/relative.png",
                 "https://", "https://ex ample.com/a.png", "http://x.io/a.png?size=2#top"};
    const std::string allowed = "; allowed: an absolute http or https URL";
    CHECK(Errors(With("attachment_urls", urls)) ==
          Messages{"attachment_urls[1] is 'ftp://x.io/a.png'" + allowed,
                   "attachment_urls[2] is 5" + allowed,
                   "attachment_urls[3] is '/relative.png'" + allowed,
                   "attachment_urls[4] is 'https://'" + allowed,
                   "attachment_urls[5] is 'https://ex ample.com/a.png'" + allowed});
  }
}

TEST_CASE("null counts as not given for optional fields", "[validate]") {
  Json inputs = MinimalInputs();
  for (const char* key : {"message_type", "subject", "created_at", "attachment_urls",
                          "intercom_version", "region", "base_url"}) {
    inputs[key] = nullptr;
  }
  CHECK(Errors(inputs).empty());
}

}  // namespace
}  // namespace wf::intercom

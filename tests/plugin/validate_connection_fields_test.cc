// Field rules for intercom_version, region, base_url and access_token, the
// unknown-field rule, and reporting every problem at once.
#include <string>

#include <catch2/catch.hpp>

#include "fields.h"
#include "plugin_test_util.h"

namespace wf::intercom {
namespace {

using testing::Errors;
using testing::InterpretResponse;
using testing::Json;
using testing::PrepareRequest;
using testing::Messages;
using testing::MinimalInputs;
using testing::Warnings;
using testing::With;

const std::string kVersionList =
    "1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 2.10, 2.11, "
    "2.12, 2.13, 2.14, 2.15, 2.16, Unstable, Preview";
const std::string kBaseUrlAllowed =
    "; allowed: an absolute http or https URL without user info, query or fragment";
const std::string kTokenAllowed =
    "; allowed: a non-empty string without spaces, control characters or non-ASCII characters";

std::string UrlOf(const Json& inputs) { return PrepareRequest(inputs).at("request").at("url"); }

TEST_CASE("intercom_version defaults to 2.12 and must be a listed version", "[validate]") {
  auto header = [](const Json& inputs) {
    return PrepareRequest(inputs).at("request").at("headers").at("Intercom-Version").get<std::string>();
  };
  SECTION("default") { CHECK(header(MinimalInputs()) == "2.12"); }
  SECTION("every listed version passes through") {
    for (std::string_view version : kVersions) {
      CHECK(header(With("intercom_version", std::string(version))) == version);
    }
  }
  SECTION("unknown version") {
    CHECK(Errors(With("intercom_version", "3.0")) ==
          Messages{"intercom_version is '3.0'; allowed: " + kVersionList});
  }
  SECTION("a number, as unquoted YAML gives") {
    CHECK(Errors(With("intercom_version", 2.1)) ==
          Messages{"intercom_version is 2.1; allowed: " + kVersionList +
                   ", written as a string (quote it in YAML)"});
  }
}

TEST_CASE("region picks Intercom's regional host and defaults to us", "[validate]") {
  CHECK(UrlOf(MinimalInputs()) == "https://api.intercom.io/conversations");
  CHECK(UrlOf(With("region", "us")) == "https://api.intercom.io/conversations");
  CHECK(UrlOf(With("region", "eu")) == "https://api.eu.intercom.io/conversations");
  CHECK(UrlOf(With("region", "au")) == "https://api.au.intercom.io/conversations");
  CHECK(Errors(With("region", "asia")) == Messages{"region is 'asia'; allowed: us, eu, au"});
  CHECK(Errors(With("region", "EU")) == Messages{"region is 'EU'; allowed: us, eu, au"});
  CHECK(Errors(With("region", 1)) == Messages{"region is 1; allowed: us, eu, au"});
}

TEST_CASE("base_url overrides the region and tolerates a trailing slash", "[validate]") {
  SECTION("accepted forms") {
    CHECK(UrlOf(With("base_url", "http://127.0.0.1:8080")) == "http://127.0.0.1:8080/conversations");
    CHECK(UrlOf(With("base_url", "http://127.0.0.1:8080/")) == "http://127.0.0.1:8080/conversations");
    CHECK(UrlOf(With("base_url", "https://proxy.example.com/intercom/")) ==
          "https://proxy.example.com/intercom/conversations");
    CHECK(UrlOf(With("base_url", "HTTPS://[::1]:9000")) == "HTTPS://[::1]:9000/conversations");
  }
  SECTION("an empty string counts as not given") {
    CHECK(UrlOf(With("base_url", "")) == "https://api.intercom.io/conversations");
  }
  SECTION("refused forms") {
    for (const char* url : {"ftp://x.io", "api.intercom.io", "https://x.io?a=1", "https://x.io/#f",
                            "https://user:pw@x.io", "https://", "http://x .io"}) {
      CHECK(Errors(With("base_url", url)) ==
            Messages{"base_url is '" + std::string(url) + "'" + kBaseUrlAllowed});
    }
    CHECK(Errors(With("base_url", 8080)) == Messages{"base_url is 8080" + kBaseUrlAllowed});
  }
  SECTION("a region other than the default is ignored, with a warning") {
    Json inputs = With("base_url", "https://proxy.example.com");
    inputs["region"] = "eu";
    CHECK(UrlOf(inputs) == "https://proxy.example.com/conversations");
    CHECK(Warnings(inputs) == Messages{"region 'eu' is ignored because base_url is set"});
    inputs["region"] = "us";
    CHECK(Warnings(inputs).empty());
  }
  SECTION("plain http beyond loopback warns that the token travels unencrypted") {
    CHECK(Warnings(With("base_url", "http://intercom.internal:8080")) ==
          Messages{"base_url uses plain http to 'intercom.internal', so the access token would "
                   "travel unencrypted; use https"});
    CHECK(Warnings(With("base_url", "http://localhost:8080")).empty());
    CHECK(Warnings(With("base_url", "http://127.0.0.2")).empty());
    CHECK(Warnings(With("base_url", "http://[::1]:1")).empty());
  }
}

TEST_CASE("access_token is required, fit for a header, and never shown", "[validate]") {
  SECTION("missing") {
    CHECK(Errors(With("access_token", nullptr)) == Messages{"access_token is required"});
  }
  SECTION("each problem is named without the value") {
    CHECK(Errors(With("access_token", "")) == Messages{"access_token is *** (empty)" + kTokenAllowed});
    CHECK(Errors(With("access_token", "sekrit\r\nX-Evil: 1")) ==
          Messages{"access_token is *** (contains a control character)" + kTokenAllowed});
    CHECK(Errors(With("access_token", std::string("sekrit\0", 7))) ==
          Messages{"access_token is *** (contains a control character)" + kTokenAllowed});
    CHECK(Errors(With("access_token", "Bearer sekrit")) ==
          Messages{"access_token is *** (starts with 'Bearer ', which this task adds itself)" +
                   kTokenAllowed});
    CHECK(Errors(With("access_token", "sek rit")) ==
          Messages{"access_token is *** (contains a space)" + kTokenAllowed});
    CHECK(Errors(With("access_token", "sekr\u00eft")) ==
          Messages{"access_token is *** (contains a non-ASCII character)" + kTokenAllowed});
    CHECK(Errors(With("access_token", kAccessTokenDefault)) ==
          Messages{"access_token is *** (contains an unresolved ${...} template)" + kTokenAllowed});
    CHECK(Errors(With("access_token", 12345)) ==
          Messages{"access_token is *** (not a string)" + kTokenAllowed});
  }
  SECTION("the error object does not carry the token either") {
    Json prepared = PrepareRequest(With("access_token", "sekrit\n"));
    CHECK(prepared.at("errors")[0].at("found") == "*** (contains a control character)");
    CHECK(prepared.dump().find("sekrit") == std::string::npos);
  }
}

TEST_CASE("unknown fields and non-object inputs are refused", "[validate]") {
  const std::string names =
      "; allowed: from, body, message_type, subject, created_at, attachment_urls, "
      "intercom_version, region, base_url, access_token";
  CHECK(Errors(With("foo", 1)) == Messages{"unknown field 'foo'" + names});
  CHECK(Errors(With("messagetype", "inapp")) == Messages{"unknown field 'messagetype'" + names});
  const std::string object = "; allowed: an object with the task's fields";
  CHECK(Errors(Json::array({1, 2})) == Messages{"inputs is [1,2]" + object});
  CHECK(Errors("from") == Messages{"inputs is 'from'" + object});
  CHECK(Errors(nullptr) == Messages{"inputs is null" + object});
}

TEST_CASE("every violation is reported at once, in field order", "[validate]") {
  Json inputs = {{"from", {{"type", "robot"}, {"id", ""}}},
                 {"body", 7},
                 {"message_type", "fax"},
                 {"created_at", "yesterday"},
                 {"attachment_urls", {"nope"}},
                 {"intercom_version", "9"},
                 {"region", "mars"},
                 {"base_url", "x"},
                 {"colour", "red"}};
  CHECK(Errors(inputs) ==
        Messages{
            "from.type is 'robot'; allowed: user, lead, contact",
            "from.id is ''; allowed: a non-empty string without control characters",
            "body is 7; allowed: a non-empty string of at most 65536 characters",
            "message_type is 'fax'; allowed: email, inapp, whatsapp, facebook, sms",
            "created_at is 'yesterday'; allowed: an integer (UTC Unix seconds)",
            "attachment_urls[0] is 'nope'; allowed: an absolute http or https URL",
            "intercom_version is '9'; allowed: " + kVersionList,
            "region is 'mars'; allowed: us, eu, au",
            "base_url is 'x'" + kBaseUrlAllowed,
            "access_token is required",
            "unknown field 'colour'; allowed: from, body, message_type, subject, created_at, "
            "attachment_urls, intercom_version, region, base_url, access_token",
        });
}

TEST_CASE("long found values are cut to 40 characters", "[validate]") {
  std::string long_type(100, 'x');
  CHECK(Errors(With("from.type", long_type)) ==
        Messages{"from.type is '" + std::string(40, 'x') + "\u2026'; allowed: user, lead, contact"});
  Json long_object = Json::object();
  for (int i = 0; i < 10; ++i) long_object["key" + std::to_string(i)] = i;
  CHECK(Errors(With("from", "\u00e9" + std::string(50, 'e'))) ==
        Messages{"from is '\u00e9" + std::string(39, 'e') + "\u2026'; allowed: an object with type and id"});
  CHECK(Errors(With("body", long_object)) ==
        Messages{"body is {\"key0\":0,\"key1\":1,\"key2\":2,\"key3\":3,\"ke\u2026; allowed: a "
                 "non-empty string of at most 65536 characters"});
}

}  // namespace
}  // namespace wf::intercom

// `wf test-request`: one task, once, outside any workflow.
#include <catch2/catch.hpp>

#include <string>

#include "base/json.h"
#include "cli/wf_process.h"
#include "sandbox/sandbox.h"

namespace wf {
namespace {

const std::vector<std::string> kLead = {"test-request", "intercom.create_conversation", "--sandbox",
                                        "--with", "from.type=lead", "--with",
                                        "from.id=6762f0a21bb69f9f2193bb11"};

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_CASE("wf test-request --sandbox sends one request and shows it, the answer and the outputs") {
  test::WfResult result = test::RunWf(With(kLead, {"--with", "body=hello"}));
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("Using the built-in sandbox at http://127.0.0.1:", 0) == 0);
  CHECK(result.out.find("  Authorization: Bearer ***\n") != std::string::npos);
  CHECK(result.out.find("\nResponse\n  HTTP 200\n") != std::string::npos);
  CHECK(result.out.find("\nOutputs\n  body: hello\n  conversation_id: ") != std::string::npos);
  CHECK(result.out.find("sandbox-token") == std::string::npos);

  SECTION("--json, and a dry run that sends nothing") {
    Json json = Json::parse(test::RunWf(With(kLead, {"--with", "body=hi", "--json"})).out);
    CHECK(json["state"] == "succeeded");
    CHECK(json["outputs"]["message_type"] == "inapp");
    test::WfResult dry = test::RunWf(With(kLead, {"--with", "body=hi", "--json", "--dry-run"}));
    CHECK(dry.exit_code == 0);
    Json prepared = Json::parse(dry.out);
    CHECK(prepared["state"] == "prepared");
    CHECK(prepared["response"].is_null());
    CHECK(prepared["request"]["body"] == Json{{"from", {{"type", "lead"}, {"id", "6762f0a21bb69f9f2193bb11"}}},
                                              {"body", "hi"}});
  }
  SECTION("--with values are YAML: numbers and lists keep their type") {
    Json json = Json::parse(test::RunWf(With(kLead, {"--with", "body=hi", "--with", "created_at=1700000000",
                                                     "--with", "attachment_urls=[https://example.com/a.png]",
                                                     "--json", "--dry-run"})).out);
    CHECK(json["request"]["body"]["created_at"] == 1700000000);
    CHECK(json["request"]["body"]["attachment_urls"] == Json{"https://example.com/a.png"});
  }
  SECTION("--with takes the text as it is for a field declared string, as --input does") {
    test::WfResult dry = test::RunWf(With(kLead, {"--with", "body=10", "--with", "intercom_version=2.10",
                                                  "--with", "subject=[not, a, list]", "--json", "--dry-run"}));
    INFO(dry.out);
    REQUIRE(dry.exit_code == 0);
    Json json = Json::parse(dry.out);
    CHECK(json["request"]["headers"]["Intercom-Version"] == "2.10");
    CHECK(json["request"]["body"]["body"] == "10");
    CHECK(json["request"]["body"]["subject"] == "[not, a, list]");
  }
}

TEST_CASE("wf test-request --dry-run renders the request, and the sandbox's log proves nothing was sent") {
  sandbox::Server intercom(sandbox::Options{});
  std::string error;
  REQUIRE(intercom.Start(&error));
  test::WfOptions options;
  options.env["INTERCOM_ACCESS_TOKEN"] = "sandbox-token";
  test::WfResult dry = test::RunWf({"test-request", "intercom.create_conversation", "--dry-run", "--with",
                                    "base_url=" + intercom.base_url(), "--with", "from.type=user", "--with",
                                    "from.id=6762f0a21bb69f9f2193bb01", "--with", "body=hi"}, options);
  INFO(dry.err);
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("Request (dry run: not sent)\n  POST " + intercom.base_url() + "/conversations\n") !=
        std::string::npos);
  CHECK(dry.out.find("  Authorization: Bearer ***\n") != std::string::npos);
  CHECK(dry.out.find("sandbox-token") == std::string::npos);
  CHECK(dry.out.find("\nResponse\n") == std::string::npos);
  CHECK(intercom.Requests().empty());
  CHECK(intercom.Conversations().empty());
}

TEST_CASE("wf test-request reports invalid inputs, sends nothing and exits 2") {
  sandbox::Server intercom(sandbox::Options{});
  std::string error;
  REQUIRE(intercom.Start(&error));
  test::WfOptions options;
  options.env["INTERCOM_ACCESS_TOKEN"] = sandbox::kDefaultToken;
  test::WfResult result = test::RunWf({"test-request", "intercom.create_conversation", "--with",
                                       "base_url=" + intercom.base_url(), "--with", "from.type=robot",
                                       "--with", "body=hi"}, options);
  CHECK(result.exit_code == 2);
  CHECK(intercom.Requests().empty());
  CHECK(result.out.find("The inputs are not valid; nothing was sent:\n"
                        "  - from.type is 'robot'; allowed: user, lead, contact\n"
                        "  - from.id is required\n") != std::string::npos);
  SECTION("no token and no --sandbox: says how to give one, sends nothing") {
    test::WfResult no_token = test::RunWf({"test-request", "intercom.create_conversation", "--with",
                                           "base_url=" + intercom.base_url(), "--with", "from.type=user",
                                           "--with", "from.id=6762f0a21bb69f9f2193bb01", "--with", "body=hi"});
    CHECK(no_token.exit_code == 2);
    CHECK(intercom.Requests().empty());
    CHECK(no_token.out.find(
              "Error: ${workflow.secrets.INTERCOM_ACCESS_TOKEN}: secret 'INTERCOM_ACCESS_TOKEN' is not set; "
              "set the environment variable INTERCOM_ACCESS_TOKEN, give it in a --secrets-file, or use "
              "--sandbox to send Intercom requests to the built-in local sandbox\n") != std::string::npos);
  }
  SECTION("an unknown task") {
    test::WfResult unknown = test::RunWf({"test-request", "nope.task"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err == "wf: unknown task 'nope.task'\n");
  }
  SECTION("bad usage") {
    test::WfResult none = test::RunWf({"test-request"});
    CHECK(none.exit_code == 2);
    CHECK(none.err.rfind("wf: test-request needs exactly one task id\nusage: wf test-request TASK", 0) == 0);
    test::WfResult bad_with = test::RunWf({"test-request", "http", "--with", "novalue"});
    CHECK(bad_with.exit_code == 2);
    CHECK(bad_with.err == "wf: --with 'novalue' must look like path=value\n");
  }
}

}  // namespace
}  // namespace wf

// test_request: one task run once outside any workflow, its result redacted,
// and how --with reads its text.
#include "engine/test_request.h"

#include <catch2/catch.hpp>

#include <string>

#include "engine/builtin_tasks.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

struct Fixture {
  std::unique_ptr<TaskRegistry> registry = TaskRegistry::Load({});
  Secrets secrets;
  HttpClient client;
  TestRequestOptions options;
  Fixture() {
    secrets.Set("TOKEN", "tok-0123456789");
    options.secrets = &secrets;
    options.client = &client;
  }
};

TEST_CASE("a dry run renders the request, redacted, and a curl command, sending nothing", "[test_request]") {
  Fixture f;
  f.options.dry_run = true;
  Json with = {{"method", "POST"}, {"url", "http://127.0.0.1:1/x"},
               {"headers", {{"Authorization", "Bearer ${workflow.secrets.TOKEN}"}}}, {"body", {{"a", 1}}}};
  Json raw = RunTestRequest(*f.registry, "http", with, f.options);
  // Not redacted here: the edge that shows it redacts it, once. Its curl
  // command never holds the credential, though.
  CHECK(raw["request"]["headers"]["Authorization"] == "Bearer tok-0123456789");
  CHECK(raw["curl"].get<std::string>().find("tok-0123456789") == std::string::npos);
  Json result = f.secrets.redactor().Redact(raw);
  CHECK(result["state"] == "prepared");
  CHECK(result["ok"] == true);
  CHECK(result["request"]["headers"]["Authorization"] == "Bearer ***");
  CHECK(result["request"]["body"] == Json{{"a", 1}});
  CHECK(result["curl"] ==
        "curl -sS -X POST 'http://127.0.0.1:1/x' \\\n  -H 'Authorization: Bearer ***' \\\n"
        "  -H 'Content-Type: application/json' \\\n  --data-raw '{\"a\":1}'");
  CHECK(DumpJson(result).find("tok-0123456789") == std::string::npos);
  CHECK(TestRequestExitCode(result) == 0);
}

TEST_CASE("a test request sends once and shows the answer", "[test_request]") {
  Fixture f;
  test::LoopbackServer server;
  int calls = 0;
  server.server().Get("/x", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.status = 503;
    res.set_content(R"({"busy":true})", "application/json");
  });
  server.Start();
  Json result = RunTestRequest(*f.registry, "http", Json{{"url", server.Url("/x")}}, f.options);
  CHECK(result["state"] == "failed");
  CHECK(calls == 1);  // a test shows what one request does: no retry
  CHECK(result["response"]["status"] == 503);
  CHECK(result["response"]["body"] == Json{{"busy", true}});
  CHECK(TestRequestExitCode(result) == 1);
}

TEST_CASE("an unknown task, bad inputs and a reference only a workflow has are invalid", "[test_request]") {
  Fixture f;
  Json unknown = RunTestRequest(*f.registry, "nope.task", Json::object(), f.options);
  CHECK(unknown["state"] == "invalid");
  CHECK(unknown["error"]["message"] == "unknown task 'nope.task'");
  CHECK(TestRequestExitCode(unknown) == 2);
  Json invalid = RunTestRequest(*f.registry, "http", Json{{"method", "FETCH"}}, f.options);
  CHECK(invalid["state"] == "invalid");
  CHECK(invalid["errors"].size() == 2);
  Json reference = RunTestRequest(*f.registry, "http", Json{{"url", "${workflow.input.u}"}}, f.options);
  CHECK(reference["state"] == "invalid");
  CHECK(reference["error"]["message"].get<std::string>().find("give a stand-in value") != std::string::npos);
  SECTION("a stand-in resolves it") {
    f.options.dry_run = true;
    f.options.stand_ins = {{"input", {{"u", "http://127.0.0.1:1/y"}}}};
    Json stood = RunTestRequest(*f.registry, "http", Json{{"url", "${workflow.input.u}"}}, f.options);
    CHECK(stood["request"]["url"] == "http://127.0.0.1:1/y");
  }
}

TEST_CASE("ReadWithValue takes --with text as it is for a field declared string, YAML for the others", "[test_request]") {
  Json description = {{"fields", Json::array({{{"path", "version"}, {"type", "string"}},
                                               {{"path", "from.id"}, {"type", "string"}},
                                               {{"path", "count"}, {"type", "integer"}}})}};
  CHECK(*ReadWithValue(description, "version", "2.10", "--with version") == "2.10");
  CHECK(*ReadWithValue(description, "from.id", "[a]", "--with from.id") == "[a]");
  CHECK(*ReadWithValue(description, "count", "10", "--with count") == 10);
  CHECK(*ReadWithValue(description, "other", "[a, b]", "--with other") == Json{"a", "b"});
}

}  // namespace
}  // namespace wf

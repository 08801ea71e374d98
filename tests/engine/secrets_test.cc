// secrets: the secrets file, the environment fallback, and redaction; and, end
// to end, proof that a token never appears in anything wf writes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/wf_process.h"
#include "engine/secrets.h"
#include "engine_test_support.h"
#include "http/loopback_server.h"
#include "sandbox/sandbox.h"

namespace wf {
namespace {

TEST_CASE("A secrets file is refused when group or other users may read it") {
  test::TempDir dir;
  std::string path = dir.File("secrets.yaml");
  for (mode_t mode : {0640, 0604, 0660, 0644, 0601}) {
    test::WriteFile(path, "TOKEN: abc123\n", mode);
    Result<Secrets> secrets = Secrets::FromFile(path);
    INFO("mode " << std::oct << mode);
    CHECK(secrets.status().code() == StatusCode::kInvalid);
    CHECK(secrets.status().message() ==
          path + ": other users can read this secrets file; run `chmod 600 " + path + "` first");
  }
  SECTION("owner-only files are read, YAML or JSON") {
    test::WriteFile(path, "TOKEN: abc123\nPORT: 8080\n", 0600);
    Result<Secrets> secrets = Secrets::FromFile(path);
    REQUIRE(secrets.ok());
    std::string value;
    CHECK(secrets->Get("TOKEN", &value));
    CHECK(value == "abc123");
    CHECK(secrets->Get("PORT", &value));
    CHECK(value == "8080");
    std::string json = test::WriteFile(dir.File("s.json"), R"({"TOKEN": "from-json"})", 0400);
    REQUIRE(Secrets::FromFile(json).ok());
  }
  SECTION("values must be text") {
    test::WriteFile(path, "TOKEN: { a: 1 }\n", 0600);
    CHECK(Secrets::FromFile(path).status().message() == path + ": secret 'TOKEN' must be text");
    test::WriteFile(path, "- a\n", 0600);
    CHECK(Secrets::FromFile(path).status().message() ==
          path + ": a secrets file must be a mapping of names to values");
  }
  SECTION("a missing file") {
    Result<Secrets> secrets = Secrets::FromFile(dir.File("none.yaml"));
    CHECK(secrets.status().code() == StatusCode::kNotFound);
    CHECK(secrets.status().message() == dir.File("none.yaml") + ": no such secrets file");
  }
}

TEST_CASE("Secrets come from the file first, then from the environment, and are remembered") {
  setenv("WF_TEST_SECRET_A", "env-value-a", 1);
  setenv("WF_TEST_SECRET_B", "env-value-b", 1);
  Secrets secrets;
  secrets.Set("WF_TEST_SECRET_A", "file-value-a");
  std::string value;
  CHECK(secrets.Get("WF_TEST_SECRET_A", &value));
  CHECK(value == "file-value-a");
  CHECK(secrets.Get("WF_TEST_SECRET_B", &value));
  CHECK(value == "env-value-b");
  CHECK_FALSE(secrets.Get("WF_TEST_SECRET_UNSET", &value));
  CHECK(secrets.redactor().Redact(std::string("a=env-value-b b=file-value-a c=env-value-a")) ==
        "a=*** b=*** c=env-value-a");  // only values that were used are known
  unsetenv("WF_TEST_SECRET_A");
  unsetenv("WF_TEST_SECRET_B");
}

TEST_CASE("The redactor hides secret values everywhere and every Authorization header") {
  Redactor redactor;
  redactor.Add("tok-1234");
  redactor.Add("tok-1234-long");
  redactor.Add("ab");
  SECTION("text") {
    CHECK(redactor.Redact(std::string("Bearer tok-1234-long and tok-1234, tok-1234tok-1234")) ==
          "Bearer *** and ***, ******");
    CHECK(redactor.Redact(std::string("about ab")) == "about ab");  // short secrets only as a whole value
    CHECK(redactor.Redact(std::string("ab")) == "***");
  }
  SECTION("JSON: values, not keys; sensitive headers whatever their value") {
    Json value = {{"tok-1234", "x tok-1234 y"},
                  {"headers", {{"Authorization", "Bearer other-token"}, {"x-api-key", "k"},
                               {"Cookie", "session=1"}, {"Accept", "application/json"}}},
                  {"list", {"tok-1234-long", 5, nullptr}}};
    CHECK(redactor.Redact(value) ==
          Json::parse(R"({"tok-1234": "x *** y",
                          "headers": {"Authorization": "Bearer ***", "x-api-key": "***",
                                      "Cookie": "***", "Accept": "application/json"},
                          "list": ["***", 5, null]})"));
  }
  SECTION("copies keep what was added") {
    Redactor copy = redactor;
    CHECK(copy.Redact(std::string("tok-1234")) == "***");
  }
}

// The token must not appear in stdout, stderr, --json output or the journal's
// bytes, while a workflow sends it in headers, in a body, in a URL, and while
// the servers echo it back in their answers.
TEST_CASE("A token appears in no output of a workflow run or a test request") {
  const std::string token = "tok-LEAKCHECK-7f3a9c2e51";
  sandbox::Options sandbox_options;
  sandbox_options.tokens = {token};
  sandbox::Server intercom(sandbox_options);
  std::string error;
  REQUIRE(intercom.Start(&error));
  test::LoopbackServer hook;
  hook.server().Post("/hook", [](const httplib::Request& req, httplib::Response& res) {
    Json echo = {{"authorization", req.get_header_value("Authorization")}, {"body", req.body}};
    res.set_content(echo.dump(), "application/json");
  });
  hook.server().Get("/fail", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 400;
    res.set_content("bad key " + req.get_param_value("key"), "text/plain");
  });
  hook.Start();

  test::TempDir dir;
  std::string workflow = test::WriteFile(dir.File("leak.yaml"),
      "name: leak_check\n"
      "inputs:\n"
      "  intercom_url: { type: string }\n"
      "  hook: { type: string }\n"
      "  fail: { type: boolean, default: false }\n"
      "steps:\n"
      "  - id: open\n"
      "    task: intercom.create_conversation\n"
      "    with:\n"
      "      base_url: \"${workflow.input.intercom_url}\"\n"
      "      from: { type: lead, id: \"6762f0a21bb69f9f2193bb11\" }\n"
      "      body: \"my token is ${workflow.secrets.INTERCOM_ACCESS_TOKEN}\"\n"
      "    set: { cid: \"${open.output.conversation_id}\" }\n"
      "  - id: tell\n"
      "    task: http\n"
      "    with:\n"
      "      method: POST\n"
      "      url: \"${workflow.input.hook}/hook\"\n"
      "      headers: { Authorization: \"Bearer ${workflow.secrets.INTERCOM_ACCESS_TOKEN}\" }\n"
      "      body: { cid: \"${workflow.variables.cid}\", t: \"${workflow.secrets.INTERCOM_ACCESS_TOKEN}\" }\n"
      "  - id: fail\n"
      "    if: \"${workflow.input.fail}\"\n"
      "    task: http\n"
      "    with:\n"
      "      url: \"${workflow.input.hook}/fail\"\n"
      "      query: { key: \"${workflow.secrets.INTERCOM_ACCESS_TOKEN}\" }\n"
      "outputs:\n"
      "  cid: \"${workflow.variables.cid}\"\n"
      "  echoed: \"${tell.output.body}\"\n"
      "  body: \"${open.output.body}\"\n");
  test::WfOptions options;
  options.env["INTERCOM_ACCESS_TOKEN"] = token;
  std::string journal = dir.File("runs.db");
  std::vector<std::string> run = {"run", workflow, "--input", "intercom_url=" + intercom.base_url(),
                                  "--input", "hook=" + hook.Url(""), "--journal", journal};
  std::string everything;
  auto record = [&](const test::WfResult& result, int expected_exit) {
    INFO(result.err);
    CHECK(result.exit_code == expected_exit);
    everything += result.out + result.err;
  };

  test::WfResult plain = test::RunWf(run, options);
  record(plain, 0);
  CHECK(plain.out.find("cid: ") != std::string::npos);
  CHECK(plain.out.find("my token is ***") != std::string::npos);
  std::vector<std::string> json_run = run;
  json_run.insert(json_run.end(), {"--json", "--input", "fail=true"});
  test::WfResult json = test::RunWf(json_run, options);
  record(json, 1);
  CHECK(json.out.find("\"authorization\": \"Bearer ***\"") != std::string::npos);
  CHECK(json.out.find("bad key ***") != std::string::npos);
  record(test::RunWf({"runs", "list", "--journal", journal, "--json"}), 0);
  size_t id_at = plain.err.find("run r-");
  REQUIRE(id_at != std::string::npos);
  std::string run_id = plain.err.substr(id_at + 4, plain.err.find(':', id_at) - id_at - 4);
  record(test::RunWf({"runs", "show", run_id, "--journal", journal, "--json"}), 0);
  record(test::RunWf({"runs", "show", run_id, "--journal", journal}), 0);

  std::vector<std::string> request = {"test-request", "intercom.create_conversation",
                                      "--with", "from.type=lead", "--with", "from.id=6762f0a21bb69f9f2193bb11",
                                      "--with", "body=token ${workflow.secrets.INTERCOM_ACCESS_TOKEN}",
                                      "--with", "base_url=" + intercom.base_url()};
  record(test::RunWf(request, options), 0);
  request.push_back("--json");
  record(test::RunWf(request, options), 0);
  request.push_back("--dry-run");
  record(test::RunWf(request, options), 0);
  CHECK(intercom.Conversations().size() == 4);  // the token was really used

  CHECK(everything.find("***") != std::string::npos);
  CHECK(everything.find(token) == std::string::npos);
  std::string stored;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().rfind("runs.db", 0) == 0) stored += test::ReadFile(entry.path());
  }
  CHECK(stored.find("my token is ***") != std::string::npos);
  CHECK(stored.find(token) == std::string::npos);
}

}  // namespace
}  // namespace wf

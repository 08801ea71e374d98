// The guards of `wf serve`: Host (DNS rebinding), CSRF, Origin, API token,
// workflow names; first as units, then through a real server.
#include <catch2/catch.hpp>

#include "api/api_test_support.h"
#include "server/api_security.h"

namespace wf {
namespace {

using test::BodyOf;
using test::RunningEditor;

GuardedRequest Request(const std::string& method, const std::string& host) {
  GuardedRequest request;
  request.method = method;
  request.host = host;
  return request;
}

TEST_CASE("the guard accepts only this server's own Host", "[api][security]") {
  RequestGuard guard("127.0.0.1", 8080, "");
  CHECK(guard.Check(Request("GET", "127.0.0.1:8080")).ok());
  CHECK(guard.Check(Request("GET", "localhost:8080")).ok());
  CHECK(guard.Check(Request("GET", "LOCALHOST:8080")).ok());
  CHECK(guard.Check(Request("GET", "[::1]:8080")).ok());
  SECTION("another name, as after DNS rebinding") {
    GuardVerdict verdict = guard.Check(Request("GET", "evil.example:8080"));
    CHECK(verdict.status == 403);
    CHECK(verdict.error ==
          "Host 'evil.example:8080' is not this server (127.0.0.1:8080); refused to guard against DNS rebinding");
  }
  SECTION("another port") { CHECK(guard.Check(Request("GET", "127.0.0.1:8081")).status == 403); }
  SECTION("no Host at all") {
    CHECK(guard.Check(Request("GET", "")).error == "the request has no Host header; refused");
  }
}

TEST_CASE("a wildcard bind accepts IP literals on its port but not names", "[api][security]") {
  RequestGuard guard("0.0.0.0", 9000, "0123456789abcdef0123");
  GuardedRequest request = Request("GET", "192.168.1.20:9000");
  request.authorization = "Bearer 0123456789abcdef0123";
  CHECK(guard.Check(request).ok());
  request.host = "rebound.example:9000";
  CHECK(guard.Check(request).status == 403);
  request.host = "192.168.1.20:9001";
  CHECK(guard.Check(request).status == 403);
}

TEST_CASE("state-changing requests need the CSRF token and a same-origin Origin", "[api][security]") {
  RequestGuard guard("127.0.0.1", 8080, "");
  GuardedRequest request = Request("POST", "127.0.0.1:8080");
  SECTION("GET needs neither") { CHECK(guard.Check(Request("GET", "127.0.0.1:8080")).ok()); }
  SECTION("missing token") {
    GuardVerdict verdict = guard.Check(request);
    CHECK(verdict.status == 403);
    CHECK(verdict.error == "missing X-WF-CSRF header: state-changing requests need the server's CSRF "
                           "token (reload the editor page, or GET /api/session)");
  }
  SECTION("wrong token") {
    request.csrf = "not-the-token";
    CHECK(guard.Check(request).error ==
          "wrong X-WF-CSRF token: the server was restarted since the page was loaded; reload the editor page");
  }
  SECTION("right token") {
    request.csrf = guard.csrf_token();
    CHECK(guard.Check(request).ok());
    request.origin = "http://127.0.0.1:8080";
    CHECK(guard.Check(request).ok());
  }
  SECTION("right token but another origin") {
    request.csrf = guard.csrf_token();
    request.origin = "http://evil.example";
    GuardVerdict verdict = guard.Check(request);
    CHECK(verdict.status == 403);
    CHECK(verdict.error == "cross-origin POST from 'http://evil.example' refused");
    request.origin = "null";
    CHECK(guard.Check(request).status == 403);
  }
  CHECK(guard.csrf_token().size() == 48);
  CHECK(RequestGuard("127.0.0.1", 8080, "").csrf_token() != guard.csrf_token());
}

TEST_CASE("with an API token every request must carry it", "[api][security]") {
  const std::string token = "0123456789abcdef0123";
  RequestGuard guard("127.0.0.1", 8080, token);
  GuardedRequest request = Request("GET", "127.0.0.1:8080");
  CHECK(guard.Check(request).status == 401);
  CHECK(guard.Check(request).error ==
        "this server needs its API token: send 'Authorization: Bearer TOKEN', or open the editor as "
        "http://HOST:PORT/?token=TOKEN");
  SECTION("as a bearer token, which also stands in for the CSRF token") {
    request.authorization = "Bearer " + token;
    CHECK(guard.Check(request).ok());
    request.method = "POST";
    CHECK(guard.Check(request).ok());
    request.authorization = "Bearer wrong";
    CHECK(guard.Check(request).status == 401);
  }
  SECTION("as the page's cookie, which still needs the CSRF token") {
    request.cookie = "other=1; wf_api_token=" + token;
    CHECK(guard.Check(request).ok());
    request.method = "PUT";
    CHECK(guard.Check(request).status == 403);
    request.csrf = guard.csrf_token();
    CHECK(guard.Check(request).ok());
  }
}

TEST_CASE("workflow names cannot leave the workflows folder", "[api][security]") {
  std::string file;
  CHECK(ValidWorkflowName("welcome_new_lead", &file));
  CHECK(file == "welcome_new_lead.yaml");
  CHECK(ValidWorkflowName("a-b_C9.yaml", &file));
  CHECK(file == "a-b_C9.yaml");
  for (const char* bad : {"", "..", "../x", "..%2Fx", "a/b", "/etc/passwd", ".hidden", "x.yml", "x.yaml.yaml",
                          "x y", "x\\y", "..yaml", ".yaml"}) {
    INFO(bad);
    CHECK_FALSE(ValidWorkflowName(bad, &file));
  }
  CHECK_FALSE(ValidWorkflowName(std::string("a\0b", 3), &file));
  CHECK_FALSE(ValidWorkflowName(std::string(101, 'a'), &file));
}

TEST_CASE("loopback hosts are told apart from the others", "[api][security]") {
  CHECK(IsLoopbackHost("127.0.0.1"));
  CHECK(IsLoopbackHost("127.1.2.3"));
  CHECK(IsLoopbackHost("localhost"));
  CHECK(IsLoopbackHost("::1"));
  CHECK_FALSE(IsLoopbackHost("0.0.0.0"));
  CHECK_FALSE(IsLoopbackHost("192.168.0.1"));
  CHECK_FALSE(IsLoopbackHost("localhost.example"));
}

TEST_CASE("the server refuses a foreign Host with 403", "[api][security]") {
  RunningEditor editor;
  auto result = editor.Get("/api/tasks", {{"Host", "rebind.example:" + std::to_string(editor.server().port())}});
  REQUIRE(result);
  CHECK(result->status == 403);
  CHECK(BodyOf(result)["error"] == "Host 'rebind.example:" + std::to_string(editor.server().port()) +
                                      "' is not this server (" + editor.host() +
                                      "); refused to guard against DNS rebinding");
  SECTION("the page too") {
    auto page = editor.Get("/", {{"Host", "rebind.example"}});
    REQUIRE(page);
    CHECK(page->status == 403);
    CHECK(page->body.find(editor.server().csrf_token()) == std::string::npos);
  }
}

TEST_CASE("the server refuses state-changing requests without the CSRF token", "[api][security]") {
  RunningEditor editor;
  const std::string before = test::ReadFile(editor.WorkflowPath("welcome_new_lead.yaml"));
  const std::string body = Json{{"yaml", "name: x\nsteps: []\n"}}.dump();
  SECTION("missing") {
    auto result = editor.client().Put("/api/workflows/welcome_new_lead", body, "application/json");
    REQUIRE(result);
    CHECK(result->status == 403);
    CHECK(BodyOf(result)["error"].get<std::string>().rfind("missing X-WF-CSRF header", 0) == 0);
  }
  SECTION("wrong") {
    auto result = editor.client().Put("/api/workflows/welcome_new_lead", {{"X-WF-CSRF", "guess"}}, body,
                                      "application/json");
    REQUIRE(result);
    CHECK(result->status == 403);
  }
  SECTION("cross-origin, even with the token") {
    auto result = editor.client().Post("/api/test-request",
                                       {{"X-WF-CSRF", editor.server().csrf_token()}, {"Origin", "http://evil.example"}},
                                       R"({"task":"intercom.create_conversation","with":{}})", "application/json");
    REQUIRE(result);
    CHECK(result->status == 403);
    CHECK(BodyOf(result)["error"] == "cross-origin POST from 'http://evil.example' refused");
    CHECK(editor.SandboxRequests().empty());
  }
  CHECK(test::ReadFile(editor.WorkflowPath("welcome_new_lead.yaml")) == before);
}

TEST_CASE("a server with an API token asks every request for it", "[api][security]") {
  const std::string token = "serve-test-token-0123456789";
  test::EditorOptions options;
  options.sandbox = false;
  options.api_token = token;
  RunningEditor editor(options);
  auto refused = editor.Get("/api/tasks");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  auto bearer = editor.Get("/api/tasks", {{"Authorization", "Bearer " + token}});
  REQUIRE(bearer);
  CHECK(bearer->status == 200);
  SECTION("opening the page with ?token= sets a cookie and drops the token from the address") {
    auto opened = editor.Get("/?token=" + token);
    REQUIRE(opened);
    CHECK(opened->status == 303);
    CHECK(opened->get_header_value("Location") == "/");
    CHECK(opened->get_header_value("Set-Cookie") ==
          "wf_api_token=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    auto page = editor.Get("/", {{"Cookie", "wf_api_token=" + token}});
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(editor.Get("/?token=wrong")->status == 401);
  }
}

TEST_CASE("a server on a non-loopback host will not start without an API token", "[api][security]") {
  Secrets secrets;
  ApiServerOptions options;
  options.host = "0.0.0.0";
  options.port = 0;
  ApiServer server(test::BuildRegistry(), secrets, options);
  Status status = server.Start();
  CHECK(status.code() == StatusCode::kInvalid);
  CHECK(status.message() == "--host 0.0.0.0 is not a loopback address: other machines could reach the "
                            "server, so it needs an API token (--api-token)");
}

}  // namespace
}  // namespace wf

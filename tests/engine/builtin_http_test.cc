// builtin_tasks: the `http` task (and `set`), sent through CallTask to a real
// loopback server.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "engine/builtin_tasks.h"
#include "engine/call_task.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

// Records the last request and answers per path.
class Recorder {
 public:
  Recorder() {
    auto record = [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        method = req.method;
        target = req.target;
        body = req.body;
        headers = req.headers;
      }
      if (req.path == "/teapot") {
        res.status = 418;
        res.set_header("X-Reason", "short and stout");
        res.set_content(R"({"error": {"code": "teapot"}})", "application/json");
      } else if (req.path == "/text") {
        res.status = 500;
        res.set_content("plain failure", "text/plain");
      } else if (req.path == "/flaky") {
        res.status = ++flaky_calls <= 2 ? 503 : 200;
        res.set_content(R"({"calls": )" + std::to_string(flaky_calls.load()) + "}", "application/json");
      } else if (req.method != "HEAD") {
        res.set_content(R"({"ok": true})", "application/json");
      }
    };
    for (const char* path : {"/.*"}) {
      server.server().Get(path, record);
      server.server().Post(path, record);
      server.server().Put(path, record);
      server.server().Patch(path, record);
      server.server().Delete(path, record);
      server.server().Options(path, record);
    }
    server.Start();
  }

  test::LoopbackServer server;
  std::mutex mutex_;
  std::string method, target, body;
  httplib::Headers headers;
  std::atomic<int> flaky_calls{0};

  std::string Header(const std::string& name) {
    auto found = headers.find(name);
    return found == headers.end() ? "<none>" : found->second;
  }
};

CallResult Call(const Json& with, HttpClient* client, int max_attempts = 1,
                std::vector<long long>* waits = nullptr) {
  static std::shared_ptr<const TaskType> http = MakeHttpTask();
  CallOptions options;
  options.client = client;
  options.retry.max_attempts = max_attempts;
  options.sleep = [waits](long long ms) {
    if (waits != nullptr) waits->push_back(ms);
  };
  return CallTask(*http, with, options);
}

std::vector<std::string> FieldErrors(const CallResult& result) {
  std::vector<std::string> messages;
  for (const Json& e : result.field_errors) messages.push_back(e["message"].get<std::string>());
  return messages;
}

TEST_CASE("The http task sends each method and keeps status, headers and parsed body") {
  Recorder recorder;
  HttpClient client;
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    CallResult result = Call({{"method", method}, {"url", recorder.server.Url("/thing")}}, &client);
    INFO(method << " " << result.error.dump());
    REQUIRE(result.state == "succeeded");
    CHECK(recorder.method == method);
    CHECK(result.outputs["status"] == 200);
    CHECK(result.outputs["body"] == Json{{"ok", true}});
    CHECK(result.outputs["headers"]["content-type"] == "application/json");
  }
  SECTION("HEAD has no body") {
    CallResult result = Call({{"method", "HEAD"}, {"url", recorder.server.Url("/thing")}}, &client);
    REQUIRE(result.state == "succeeded");
    CHECK(recorder.method == "HEAD");
    CHECK(result.outputs["body"] == "");
  }
  SECTION("GET is the default") {
    CHECK(Call({{"url", recorder.server.Url("/x")}}, &client).state == "succeeded");
    CHECK(recorder.method == "GET");
  }
}

TEST_CASE("Headers are sent as given, and query parameters are encoded into the URL") {
  Recorder recorder;
  HttpClient client;
  CallResult result = Call({{"url", recorder.server.Url("/q?fixed=1")},
                            {"headers", {{"X-Token-Kind", "demo"}, {"X-Count", 3}}},
                            {"query", {{"text", "a b&c=d/é"}, {"n", 5}, {"flag", true}}}},
                           &client);
  REQUIRE(result.state == "succeeded");
  CHECK(recorder.target == "/q?fixed=1&flag=true&n=5&text=a%20b%26c%3Dd%2F%C3%A9");
  CHECK(recorder.Header("X-Token-Kind") == "demo");
  CHECK(recorder.Header("X-Count") == "3");
  CHECK(result.request["url"] == recorder.server.Url("/q?fixed=1&flag=true&n=5&text=a%20b%26c%3Dd%2F%C3%A9"));
}

TEST_CASE("A mapping or list body is sent as JSON and a string body as text") {
  Recorder recorder;
  HttpClient client;
  SECTION("JSON") {
    REQUIRE(Call({{"method", "POST"}, {"url", recorder.server.Url("/j")},
                  {"body", {{"text", "hi"}, {"n", 1}}}}, &client).state == "succeeded");
    CHECK(Json::parse(recorder.body) == Json{{"text", "hi"}, {"n", 1}});
    CHECK(recorder.Header("Content-Type") == "application/json");
  }
  SECTION("a list") {
    REQUIRE(Call({{"method", "PUT"}, {"url", recorder.server.Url("/j")}, {"body", {1, 2}}}, &client).state ==
            "succeeded");
    CHECK(recorder.body == "[1,2]");
  }
  SECTION("text") {
    REQUIRE(Call({{"method", "POST"}, {"url", recorder.server.Url("/t")}, {"body", "line one\nline two"}},
                 &client).state == "succeeded");
    CHECK(recorder.body == "line one\nline two");
    CHECK(recorder.Header("Content-Type") == "text/plain; charset=utf-8");
  }
  SECTION("the caller's Content-Type wins, whatever its case") {
    REQUIRE(Call({{"method", "POST"}, {"url", recorder.server.Url("/t")},
                  {"headers", {{"content-type", "application/x-www-form-urlencoded"}}}, {"body", "a=1"}},
                 &client).state == "succeeded");
    CHECK(recorder.Header("Content-Type") == "application/x-www-form-urlencoded");
    CHECK(recorder.body == "a=1");
  }
}

TEST_CASE("A non-2xx answer fails the step but keeps status, headers and body") {
  Recorder recorder;
  HttpClient client;
  SECTION("JSON body") {
    CallResult result = Call({{"url", recorder.server.Url("/teapot?secret=1")}}, &client);
    CHECK(result.state == "failed");
    CHECK(result.error["kind"] == "http_error");
    CHECK(result.error["status"] == 418);
    CHECK(result.error["retry"] == "never");
    CHECK(result.error["message"] == "GET " + recorder.server.Url("/teapot") + " answered 418");
    const Json& kept = result.error["response"];
    CHECK(kept["status"] == 418);
    CHECK(kept["headers"]["x-reason"] == "short and stout");
    CHECK(kept["body"] == Json{{"error", {{"code", "teapot"}}}});
  }
  SECTION("text body of a POST that failed with 500: an unknown outcome, not retried") {
    CallResult result = Call({{"method", "POST"}, {"url", recorder.server.Url("/text")}}, &client, 3);
    CHECK(result.state == "failed");
    CHECK(result.attempts.size() == 1);
    CHECK(result.unknown_outcome);
    CHECK(result.error["retry"] == "unknown_outcome");
    CHECK(result.error["response"]["body"] == "plain failure");
  }
  SECTION("a GET answered 503 is retried with backoff until it succeeds") {
    std::vector<long long> waits;
    CallResult result = Call({{"url", recorder.server.Url("/flaky")}}, &client, 3, &waits);
    CHECK(result.state == "succeeded");
    CHECK(result.outputs["body"] == Json{{"calls", 3}});
    CHECK(result.attempts.size() == 3);
    CHECK(waits.size() == 2);
    CHECK(result.attempts[0]["result"] == 503);
    CHECK(result.attempts[0]["reason"] == "status 503");
  }
}

TEST_CASE("No answer is a different failure from an error answer") {
  test::LoopbackServer closed;
  closed.Start();
  std::string url = closed.Url("/gone");
  closed.server().stop();
  HttpClient client;
  CallResult result = Call({{"url", url}}, &client);
  CHECK(result.state == "failed");
  CHECK(result.error["kind"] == "not_sent");
  CHECK(result.response.is_null());
  CHECK_FALSE(result.error.contains("response"));
}

TEST_CASE("The http task's inputs are checked before anything is sent") {
  HttpClient client;
  CHECK(FieldErrors(Call({{"url", "http://127.0.0.1:1/"}, {"metod", "GET"}}, &client)) ==
        std::vector<std::string>{"unknown field 'metod'; allowed: method, url, headers, query, body, "
                                 "timeout_ms, connect_timeout_ms"});
  CHECK(FieldErrors(Call({{"method", "get"}, {"url", "localhost/x"}}, &client)) ==
        std::vector<std::string>{"method is 'get'; allowed: GET, POST, PUT, PATCH, DELETE, HEAD",
                                 "url is 'localhost/x'; allowed: an absolute http or https URL"});
  CHECK(FieldErrors(Call(Json::object(), &client)) == std::vector<std::string>{"url is required"});
  CHECK(FieldErrors(Call({{"url", "http://127.0.0.1:1/"}, {"headers", {{"X-A", "a\r\nX-B: b"}}},
                          {"query", "a=1"}, {"timeout_ms", 0}}, &client)) ==
        std::vector<std::string>{
            "headers.X-A is not a valid header; allowed: a one-line text value",
            "query is 'a=1'; allowed: a mapping of parameter names to values",
            "timeout_ms is 0; allowed: an integer from 1 to 3600000"});
  CHECK(Call({{"url", "http://127.0.0.1:1/"}, {"timeout_ms", 0}}, &client).attempts.empty());
}

TEST_CASE("The set task's outputs are its inputs and it sends nothing") {
  std::shared_ptr<const TaskType> set = MakeSetTask();
  CallOptions options;  // no client: set must not need one
  CallResult result = CallTask(*set, {{"a", 1}, {"b", {{"c", "d"}}}}, options);
  CHECK(result.state == "succeeded");
  CHECK(result.outputs == Json{{"a", 1}, {"b", {{"c", "d"}}}});
  CHECK(result.attempts.empty());
}

}  // namespace
}  // namespace wf

// The /__sandbox/ routes: the request log, the conversations, reset, health.
#include <ctime>

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

using nlohmann::json;

TEST_CASE("/__sandbox/health answers ok without a token", "[sandbox][inspection]") {
  RunningSandbox sandbox;
  httplib::Result result = sandbox.client().Get("/__sandbox/health");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(BodyOf(result) == json({{"status", "ok"}}));
}

TEST_CASE("/__sandbox/requests lists every request with the token masked",
          "[sandbox][inspection]") {
  RunningSandbox sandbox;
  const int64_t before = std::time(nullptr);
  httplib::Headers headers = AuthHeaders();
  headers.emplace("Intercom-Version", "2.12");
  REQUIRE(sandbox.Create(kValidBody, headers)->status == 200);
  REQUIRE(sandbox.Create(kValidBody, AuthHeaders("wrong-secret"))->status == 401);
  REQUIRE(sandbox.client().Get("/nowhere?x=1")->status == 404);
  REQUIRE(sandbox.client().Get("/__sandbox/health")->status == 200);

  httplib::Result result = sandbox.client().Get("/__sandbox/requests");
  REQUIRE(result);
  const json requests = BodyOf(result);
  CHECK(requests == sandbox.server().Requests());
  REQUIRE(requests.size() == 3);

  const json& created = requests[0];
  CHECK(created["method"] == "POST");
  CHECK(created["path"] == "/conversations");
  CHECK(created["body"] == kValidBody);
  CHECK(created["status"] == 200);
  CHECK(created["dropped"] == false);
  CHECK(created["headers"]["Authorization"] == "***");
  CHECK(created["headers"]["Intercom-Version"] == "2.12");
  CHECK(created["headers"]["Content-Type"] == "application/json");
  CHECK_FALSE(created["headers"].contains("REMOTE_ADDR"));
  CHECK(created["time"].get<double>() >= static_cast<double>(before));
  CHECK(created["time"].get<double>() <= static_cast<double>(std::time(nullptr) + 1));

  CHECK(requests[1]["status"] == 401);
  CHECK(requests[1]["headers"]["Authorization"] == "***");
  CHECK(result->body.find("wrong-secret") == std::string::npos);

  CHECK(requests[2]["method"] == "GET");
  CHECK(requests[2]["path"] == "/nowhere");
  CHECK(requests[2]["query"] == "x=1");
  CHECK(requests[2]["status"] == 404);
}

TEST_CASE("/__sandbox/conversations lists what was created", "[sandbox][inspection]") {
  RunningSandbox sandbox;
  REQUIRE(sandbox.Create(kValidBody)->status == 200);
  httplib::Result result = sandbox.client().Get("/__sandbox/conversations");
  REQUIRE(result);
  CHECK(result->status == 200);
  const json conversations = BodyOf(result);
  CHECK(conversations == sandbox.server().Conversations());
  REQUIRE(conversations.size() == 1);
  CHECK(conversations[0]["contact"]["id"] == kAdaId);
  CHECK(conversations[0]["body"] == "Hello there");
  CHECK(conversations[0]["subject"].is_null());
}

TEST_CASE("/__sandbox/contacts lists the contacts in use", "[sandbox][inspection]") {
  RunningSandbox sandbox;
  const json contacts = BodyOf(sandbox.client().Get("/__sandbox/contacts"));
  REQUIRE(contacts.size() == DefaultContacts().size());
  CHECK(contacts[0] == json({{"type", "user"},
                             {"id", kAdaId},
                             {"external_id", "user-1"},
                             {"email", "ada@example.com"},
                             {"name", "Ada Lovelace"}}));
}

TEST_CASE("POST /__sandbox/reset forgets requests, conversations, windows and faults",
          "[sandbox][inspection]") {
  Options options;
  options.rate_limit_per_minute = 6;  // one request per window
  RunningSandbox sandbox(options);
  REQUIRE(sandbox.Create(kValidBody)->status == 200);
  Faults faults;
  faults.fail_first = 5;
  sandbox.server().SetFaults(faults);

  httplib::Result result = sandbox.client().Post("/__sandbox/reset");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(sandbox.server().Requests().empty());
  CHECK(sandbox.server().Conversations().empty());
  // The window is fresh and the faults are the ones the server started with.
  httplib::Result after = sandbox.Create(kValidBody);
  REQUIRE(after);
  CHECK(after->status == 200);

  SECTION("ids stay unique across a reset") {
    const json created_after_reset = sandbox.server().Conversations()[0];
    CHECK(created_after_reset["id"] == "2");
  }
}

}  // namespace
}  // namespace wf::sandbox::testing

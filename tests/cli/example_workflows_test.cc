// The examples in workflows/ run end to end: Intercom through --sandbox,
// webhooks and lookups through a loopback server, so they cannot go stale.
#include <catch2/catch.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "base/json.h"
#include "cli/wf_process.h"
#include "engine/engine_test_support.h"
#include "engine/yaml_json.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

// The team's webhook and a contact lookup, as a user's own systems would answer.
class TeamServer {
 public:
  TeamServer() {
    server_.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      posts_.push_back(Json::parse(req.body, nullptr, false));
      res.set_content("{}", "application/json");
    });
    server_.server().Get("/lookup", [](const httplib::Request& req, httplib::Response& res) {
      std::string id = req.get_param_value("intercom_id");
      bool known = id == "6762f0a21bb69f9f2193bb01";
      Json answer = {{"name", known ? "Ada" : "there"}, {"email", known ? "ada@example.com" : ""}};
      res.set_content(answer.dump(), "application/json");
    });
    server_.Start();
  }
  std::string Url(const std::string& path) const { return server_.Url(path); }
  std::vector<Json> posts() {
    std::lock_guard<std::mutex> lock(mutex_);
    return posts_;
  }

 private:
  test::LoopbackServer server_;
  std::mutex mutex_;
  std::vector<Json> posts_;
};

Json RunJson(const std::vector<std::string>& args, int expected_exit = 0) {
  test::WfResult result = test::RunWf(args);
  INFO(result.err);
  CHECK(result.exit_code == expected_exit);
  Json out = Json::parse(result.out, nullptr, false);
  REQUIRE_FALSE(out.is_discarded());
  CHECK(result.err.find("sandbox: Intercom requests go to the built-in local sandbox") != std::string::npos);
  return out;
}

std::vector<std::string> States(const Json& run) {
  std::vector<std::string> states;
  for (const Json& step : run["steps"]) states.push_back(step["id"].get<std::string>() + ":" +
                                                          step["state"].get<std::string>());
  return states;
}

TEST_CASE("welcome_new_lead opens a conversation and tells the team its id") {
  TeamServer team;
  const std::string file = WF_SOURCE_DIR "/workflows/welcome_new_lead.yaml";
  SECTION("with a team webhook") {
    Json run = RunJson({"run", file, "--sandbox", "--json", "--no-journal", "--input",
                        "team_webhook=" + team.Url("/hook"), "--input", "greeting=Hello from the tests"});
    CHECK(States(run) == std::vector<std::string>{"open_conversation:succeeded", "tell_team:succeeded"});
    std::string id = run["outputs"]["conversation_id"].get<std::string>();
    CHECK_FALSE(id.empty());
    CHECK(run["steps"][0]["request"]["body"]["body"] == "Hello from the tests");
    CHECK(run["steps"][0]["request"]["body"]["from"]["type"] == "lead");
    REQUIRE(team.posts().size() == 1);
    CHECK(team.posts()[0] ==
          Json{{"text", "Conversation " + id + " opened for lead 6762f0a21bb69f9f2193bb11"}});
  }
  SECTION("without one, the webhook step is skipped") {
    Json run = RunJson({"run", file, "--sandbox", "--json", "--no-journal"});
    CHECK(States(run) == std::vector<std::string>{"open_conversation:succeeded", "tell_team:skipped"});
    CHECK(team.posts().empty());
  }
  SECTION("a lead the sandbox does not know fails the run with Intercom's reason") {
    Json run = RunJson({"run", file, "--sandbox", "--json", "--no-journal", "--input",
                        "lead_id=6762f0a21bb69f9f2193bbff"}, 1);
    CHECK(States(run) == std::vector<std::string>{"open_conversation:failed"});
    CHECK(run["steps"][0]["outputs"]["status"] == 404);
  }
}

TEST_CASE("follow_up_if_email opens an email conversation only when the lookup knows an email") {
  TeamServer team;
  const std::string file = WF_SOURCE_DIR "/workflows/follow_up_if_email.yaml";
  SECTION("a user with an email") {
    Json run = RunJson({"run", file, "--sandbox", "--json", "--no-journal", "--input",
                        "lookup_url=" + team.Url("/lookup"), "--input", "team_webhook=" + team.Url("/hook")});
    CHECK(States(run) ==
          std::vector<std::string>{"lookup:succeeded", "open:succeeded", "tell_team:succeeded"});
    CHECK(run["outputs"] == Json{{"email", "ada@example.com"}, {"follow_up", "succeeded"}});
    const Json& sent = run["steps"][1]["request"]["body"];
    CHECK(sent["message_type"] == "email");
    CHECK(sent["subject"] == "Following up on your visit");
    CHECK(sent["body"] == "Hi Ada, thanks for stopping by. Reply here if we can help.");
    CHECK(run["steps"][1]["outputs"]["message_type"] == "email");
    REQUIRE(team.posts().size() == 1);
    CHECK(team.posts()[0] == Json{{"user_id", "6762f0a21bb69f9f2193bb01"}, {"email", "ada@example.com"},
                                  {"follow_up", "succeeded"}});
  }
  SECTION("a user without one: no conversation, and the team hears that it was skipped") {
    Json run = RunJson({"run", file, "--sandbox", "--json", "--no-journal", "--input",
                        "lookup_url=" + team.Url("/lookup"), "--input", "user_id=6762f0a21bb69f9f2193bb02",
                        "--input", "team_webhook=" + team.Url("/hook")});
    CHECK(States(run) == std::vector<std::string>{"lookup:succeeded", "open:skipped", "tell_team:succeeded"});
    CHECK(run["outputs"] == Json{{"email", ""}, {"follow_up", "skipped"}});
    REQUIRE(team.posts().size() == 1);
    CHECK(team.posts()[0]["follow_up"] == "skipped");
  }
  SECTION("the lookup URL is required") {
    test::WfResult result = test::RunWf({"run", file, "--sandbox", "--no-journal"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("wf: input 'lookup_url' is required (declared at " + file + ":8:15)\n") !=
          std::string::npos);
  }
}

// Every file in workflows/, found by listing the folder (not by name), runs
// against the built-in sandbox with its own defaults; inputs that take a URL
// (named *_url or *webhook*) get a local server that answers any GET with a
// known user's name and email and any POST with {}. An example that needs
// anything else must give it a default that works with the sandbox.
TEST_CASE("every example in workflows/ runs to the end against the sandbox and a local server") {
  test::LoopbackServer any;
  any.server().Get(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"name":"Ada","email":"ada@example.com"})", "application/json");
  });
  any.server().Post(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{}", "application/json");
  });
  any.Start();
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(WF_SOURCE_DIR "/workflows")) {
    if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") files.push_back(entry.path());
  }
  REQUIRE(files.size() >= 2);
  for (const std::string& file : files) {
    INFO(file);
    Result<Json> definition = YamlFileToJson(file, nullptr);
    REQUIRE(definition.ok());
    std::vector<std::string> args = {"run", file, "--sandbox", "--json", "--no-journal"};
    const Json inputs = definition->value("inputs", Json::object());
    for (const auto& [name, input] : inputs.items()) {
      bool url = name.size() > 4 && name.substr(name.size() - 4) == "_url";
      if (url || name.find("webhook") != std::string::npos) {
        args.insert(args.end(), {"--input", name + "=" + any.Url("/" + name)});
      }
    }
    Json run = RunJson(args);
    CHECK(run["status"] == "succeeded");
    for (const Json& step : run["steps"]) {
      INFO("step " << step["id"]);
      CHECK((step["state"] == "succeeded" || step["state"] == "skipped"));
    }
  }
}

}  // namespace
}  // namespace wf

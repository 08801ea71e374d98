// executor: runs loaded workflows step by step, chaining outputs into
// variables, skipping on `if:`, going on after failures that allow it.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "engine/executor.h"
#include "engine/workflow_loader.h"
#include "engine_test_support.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

const TaskRegistry& Registry() {
  static std::unique_ptr<TaskRegistry> registry = test::BuildTreeRegistry();
  return *registry;
}

Workflow Load(const std::string& text) {
  Result<Workflow> workflow = LoadWorkflowText(text, "t.yaml", Registry());
  INFO(workflow.status().message());
  REQUIRE(workflow.ok());
  return std::move(*workflow);
}

// A loopback server that answers /ok with JSON, /missing with a 404 and
// /echo with what it was sent.
class Server {
 public:
  Server() {
    server_.server().Get("/ok", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"items": [{"id": "a1"}, {"id": "b2"}], "kind": "list"})", "application/json");
    });
    server_.server().Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_header("X-Trace", "t-9");
      res.set_content(R"({"error": "no such thing"})", "application/json");
    });
    server_.server().Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    server_.Start();
  }
  std::string Url(const std::string& path) const { return server_.Url(path); }

 private:
  test::LoopbackServer server_;
};

struct Runner {
  Secrets secrets;
  HttpClient client;
  std::vector<std::string> ended;

  RunResult Run(const Workflow& workflow, const Json& given = Json::object()) {
    Result<Json> inputs = ResolveInputs(workflow, given);
    INFO(inputs.status().message());
    REQUIRE(inputs.ok());
    RunOptions options;
    options.inputs = *inputs;
    options.secrets = &secrets;
    options.client = &client;
    options.on_step_end = [this](const StepResult& step) { ended.push_back(step.id + ":" + step.state); };
    return RunWorkflow(workflow, options);
  }
};

TEST_CASE("Outputs chain into variables and later steps, and the workflow's outputs are rendered") {
  Server server;
  Workflow w = Load(
      "name: chain\n"
      "inputs: { base: { type: string }, who: { type: string, default: Ada } }\n"
      "steps:\n"
      "  - id: list\n"
      "    task: http\n"
      "    with: { url: \"${workflow.input.base}/ok\" }\n"
      "    set: { first: \"${list.output.body.items[0].id}\", all: \"${list.output.body.items}\" }\n"
      "  - id: compute\n"
      "    task: set\n"
      "    with: { greeting: \"hi ${workflow.input.who}, first is ${workflow.variables.first}\" }\n"
      "  - id: send\n"
      "    task: http\n"
      "    with:\n"
      "      method: POST\n"
      "      url: \"${workflow.input.base}/echo\"\n"
      "      body: { ids: \"${workflow.variables.all}\", text: \"${compute.output.greeting}\" }\n"
      "outputs:\n"
      "  first: \"${workflow.variables.first}\"\n"
      "  echoed: \"${send.output.body}\"\n"
      "  status: \"${send.output.status}\"\n");
  Runner runner;
  RunResult result = runner.Run(w, {{"base", server.Url("")}});
  INFO(result.status.message());
  REQUIRE(result.status.ok());
  CHECK(runner.ended == std::vector<std::string>{"list:succeeded", "compute:succeeded", "send:succeeded"});
  CHECK(result.variables == Json::parse(R"({"first": "a1", "all": [{"id": "a1"}, {"id": "b2"}]})"));
  CHECK(result.outputs["first"] == "a1");
  CHECK(result.outputs["status"] == 200);
  // The echoed body came back as JSON text and was parsed: the list kept its type.
  CHECK(result.outputs["echoed"] ==
        Json::parse(R"({"ids": [{"id": "a1"}, {"id": "b2"}], "text": "hi Ada, first is a1"})"));
  CHECK(result.steps[2].request["headers"]["Content-Type"] == "application/json");
}

TEST_CASE("if: runs a step only when its value is truthy") {
  Workflow w = Load("name: cond\ninputs: { v: { type: any } }\nsteps:\n"
                    "  - { id: maybe, task: set, if: \"${workflow.input.v}\", with: { ran: true } }\n");
  struct Case { Json value; bool runs; };
  std::vector<Case> cases = {
      {false, false}, {nullptr, false}, {0, false}, {0.0, false}, {"", false},
      {Json::array(), false}, {Json::object(), false},
      {true, true}, {1, true}, {-1, true}, {0.5, true}, {"0", true}, {"false", true}, {" ", true},
      {Json::array({0}), true}, {Json{{"a", nullptr}}, true}};
  for (const Case& c : cases) {
    Runner runner;
    RunResult result = runner.Run(w, {{"v", c.value}});
    INFO("if: " << c.value.dump());
    REQUIRE(result.status.ok());
    CHECK(result.steps[0].state == (c.runs ? "succeeded" : "skipped"));
    CHECK(result.steps[0].outputs == (c.runs ? Json{{"ran", true}} : Json(nullptr)));
  }
}

TEST_CASE("A skipped step has no outputs, and a reference to them fails the step that makes it") {
  Workflow w = Load("name: skip\nsteps:\n"
                    "  - { id: a, task: set, if: \"\", with: { x: 1 } }\n"
                    "  - { id: b, task: set, with: { s: \"${a.status}\" } }\n"
                    "  - { id: c, task: set, with: { x: \"${a.output.x}\" } }\n"
                    "  - { id: d, task: set, with: { never: true } }\n");
  Runner runner;
  RunResult result = runner.Run(w);
  CHECK(runner.ended == std::vector<std::string>{"a:skipped", "b:succeeded", "c:failed"});
  CHECK(result.steps[1].outputs == Json{{"s", "skipped"}});
  CHECK(result.failed_step == "c");
  CHECK(result.status.code() == StatusCode::kFailed);
  CHECK(result.status.message() ==
        "step 'c' failed: ${a.output.x}: step 'a' was skipped, so it has no outputs");
  CHECK(result.outputs == Json::object());
}

TEST_CASE("A failed http step keeps its answer, and continue_on_error lets later steps branch on it") {
  Server server;
  std::string steps =
      "  - id: fetch\n"
      "    task: http\n"
      "    with: { url: \"${workflow.input.base}/missing?key=k\" }\n"
      "    CONTINUE\n"
      "    set: { code: \"${fetch.output.status}\" }\n"
      "  - id: on_error\n"
      "    if: \"${fetch.error}\"\n"
      "    task: set\n"
      "    with: { status: \"${fetch.error.status}\", why: \"${fetch.output.body.error}\", "
      "trace: \"${fetch.output.headers.x-trace}\", state: \"${fetch.status}\" }\n"
      "  - id: on_success\n"
      "    if: \"${fetch.output.body.items}\"\n"
      "    task: set\n"
      "    with: { never: true }\n";
  std::string head = "name: branch\ninputs: { base: { type: string } }\nsteps:\n";
  SECTION("with continue_on_error") {
    std::string text = head + steps;
    text.replace(text.find("CONTINUE"), 8, "continue_on_error: true");
    Runner runner;
    RunResult result = runner.Run(Load(text), {{"base", server.Url("")}});
    CHECK(runner.ended ==
          std::vector<std::string>{"fetch:failed", "on_error:succeeded", "on_success:failed"});
    // on_success's if: cannot resolve (a 404 body has no items): that fails the run.
    CHECK(result.status.message() ==
          "step 'on_success' failed: if: ${fetch.output.body.items}: fetch.output.body has no 'items'");
    CHECK_FALSE(result.variables.contains("code"));  // set: applies only after success
    CHECK(result.steps[0].outputs["status"] == 404);
    CHECK(result.steps[0].error["message"] ==
          "GET " + server.Url("/missing") + " answered 404");
    CHECK(result.steps[1].outputs ==
          Json{{"status", 404}, {"why", "no such thing"}, {"trace", "t-9"}, {"state", "failed"}});
  }
  SECTION("without it the run stops at the failed step") {
    std::string text = head + steps;
    text.replace(text.find("CONTINUE"), 8, "description: no continue");
    Runner runner;
    RunResult result = runner.Run(Load(text), {{"base", server.Url("")}});
    CHECK(runner.ended == std::vector<std::string>{"fetch:failed"});
    CHECK(result.failed_step == "fetch");
    CHECK(result.status.code() == StatusCode::kFailed);
    CHECK(result.status.message() ==
          "step 'fetch' failed: GET " + server.Url("/missing") + " answered 404");
  }
}

TEST_CASE("A plugin step's outputs and errors carry the answer the host received as `response`") {
  test::LoopbackServer server;
  server.server().Post("/conversations", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Request-Id", "first");
    res.set_header("X-Request-Id", "second");  // the first value of a header is kept
    if (req.body.find("6762f0a21bb69f9f2193bb99") != std::string::npos) {
      res.status = 404;
      res.set_content(R"({"type":"error.list","request_id":"r-404","errors":[{"code":"not_found","message":"User Not Found"}]})",
                      "application/json");
      return;
    }
    res.set_content(R"({"type":"user_message","id":"403918075","created_at":1736201609,)"
                    R"("body":"Hi","message_type":"inapp","conversation_id":"33"})",
                    "application/json");
  });
  server.Start();
  std::string text =
      "name: answer\n"
      "inputs: { base: { type: string }, lead: { type: string } }\n"
      "steps:\n"
      "  - id: open\n"
      "    task: intercom.create_conversation\n"
      "    continue_on_error: true\n"
      "    with:\n"
      "      from: { type: lead, id: \"${workflow.input.lead}\" }\n"
      "      body: Hi\n"
      "      base_url: \"${workflow.input.base}\"\n"
      "      access_token: tok\n"
      "  - id: after\n"
      "    task: set\n"
      "    with: { status: \"${open.status}\" }\n";
  Runner runner;
  SECTION("a success: outputs.response is status, headers and the parsed body") {
    RunResult result = runner.Run(Load(text), {{"base", server.Url("")}, {"lead", "6762f0a21bb69f9f2193bb11"}});
    INFO(result.status.message());
    REQUIRE(result.status.ok());
    const Json& response = result.steps[0].outputs.at("response");
    CHECK(response.at("status") == 200);
    CHECK(response.at("headers").at("x-request-id") == "first");
    CHECK(response.at("headers").at("content-type") == "application/json");
    CHECK(response.at("body").at("conversation_id") == "33");
    CHECK(result.steps[0].outputs.at("conversation_id") == "33");
  }
  SECTION("a failure: the error and the step's outputs keep the answer") {
    RunResult result = runner.Run(Load(text), {{"base", server.Url("")}, {"lead", "6762f0a21bb69f9f2193bb99"}});
    REQUIRE(result.steps.size() == 2);
    CHECK(result.steps[0].state == "failed");
    CHECK(result.steps[0].error.at("kind") == "not_found");
    const Json& response = result.steps[0].error.at("response");
    CHECK(response.at("status") == 404);
    CHECK(response.at("body").at("errors")[0].at("code") == "not_found");
    CHECK(result.steps[0].outputs == response);
    CHECK(result.steps[1].outputs.at("status") == "failed");
  }
}

TEST_CASE("A value that cannot be rendered or prepared fails the step with what is wrong") {
  SECTION("a missing output path names the path") {
    Runner runner;
    RunResult result = runner.Run(Load("name: w\nsteps:\n  - { id: one, task: set, with: { a: { b: 1 } } }\n"
                                       "  - { id: two, task: set, with: { x: \"v=${one.output.a.c}\" } }\n"));
    CHECK(result.steps[1].state == "failed");
    CHECK(result.steps[1].error == Json{{"kind", "render"},
                                        {"message", "${one.output.a.c}: one.output.a has no 'c'"}});
  }
  SECTION("a set: that cannot be rendered") {
    Runner runner;
    RunResult result = runner.Run(Load("name: w\nsteps:\n  - id: one\n    task: set\n    with: { a: 1 }\n"
                                       "    set: { v: \"${one.output.b}\" }\n"));
    CHECK(result.status.message() == "step 'one' failed: set.v: ${one.output.b}: one.output has no 'b'");
  }
  SECTION("an input that becomes a bad value is invalid: nothing is sent") {
    Runner runner;
    RunResult result = runner.Run(Load("name: w\ninputs: { u: { type: string } }\nsteps:\n"
                                       "  - { id: h, task: http, with: { url: \"${workflow.input.u}\" } }\n"),
                                  {{"u", "ftp://x"}});
    CHECK(result.steps[0].state == "invalid");
    CHECK(result.steps[0].attempts.empty());
    CHECK(result.status.code() == StatusCode::kInvalid);
    CHECK(result.status.message() ==
          "step 'h' invalid: url is 'ftp://x'; allowed: an absolute http or https URL");
  }
  SECTION("an output that does not resolve fails the run after its steps") {
    Runner runner;
    RunResult result = runner.Run(Load("name: w\nsteps:\n  - { id: one, task: set, with: { a: 1 } }\n"
                                       "outputs:\n  x: \"${one.output.z}\"\n"));
    CHECK(result.steps[0].state == "succeeded");
    CHECK(result.status.message() == "outputs.x: ${one.output.z}: one.output has no 'z'");
  }
}

TEST_CASE("Inputs are checked against their declarations before a run") {
  Workflow w = Load("name: w\ninputs:\n  lead: { type: string, required: true }\n"
                    "  n: { type: integer, default: 2 }\n  opt: { type: boolean }\n"
                    "steps:\n  - { id: s, task: set }\n");
  SECTION("defaults and nulls fill what is not given") {
    Result<Json> inputs = ResolveInputs(w, {{"lead", "x"}});
    REQUIRE(inputs.ok());
    CHECK(*inputs == Json{{"lead", "x"}, {"n", 2}, {"opt", nullptr}});
  }
  SECTION("every problem at once") {
    Result<Json> inputs = ResolveInputs(w, {{"n", "two"}, {"other", 1}});
    CHECK(inputs.status().code() == StatusCode::kInvalid);
    CHECK(inputs.status().message() ==
          "input 'n' is 'two'; allowed: an integer\n"
          "input 'other' is not declared by workflow 'w'; declared: lead, n, opt\n"
          "input 'lead' is required (declared at t.yaml:3:9)");
  }
}

TEST_CASE("Text from inputs and answers is data: it is never evaluated as an expression") {
  Server server;
  Runner runner;
  runner.secrets.Set("TOKEN", "tok-do-not-leak");
  RunResult result = runner.Run(
      Load("name: w\ninputs: { base: { type: string }, note: { type: string } }\nsteps:\n"
           "  - id: send\n    task: http\n"
           "    with: { method: POST, url: \"${workflow.input.base}/echo\", body: \"${workflow.input.note}\" }\n"
           "  - { id: again, task: set, with: { text: \"got ${send.output.body}\" } }\n"),
      {{"base", server.Url("")}, {"note", "${workflow.secrets.TOKEN}"}});
  REQUIRE(result.status.ok());
  CHECK(result.steps[0].outputs["body"] == "${workflow.secrets.TOKEN}");
  CHECK(result.steps[1].outputs["text"] == "got ${workflow.secrets.TOKEN}");
}

}  // namespace
}  // namespace wf

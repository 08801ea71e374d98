// The host's side of ABI 1.1: each body crosses once, in a buffer of its own,
// and plugins built for ABI 1.0 keep loading and get their bodies inside JSON
// text as before. The tiny C plugins of tests/plugins/ tell which function the
// host called and what it handed over.
#include <catch2/catch.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "engine/call_task.h"
#include "engine/plugin_loader.h"
#include "engine_test_support.h"
#include "http/loopback_server.h"
#include "wf/plugin.h"

namespace wf {
namespace {

std::string Library(const std::string& name) { return WF_TEST_PLUGIN_DIR "/" + name + ".so"; }

std::shared_ptr<const TaskType> LoadOnly(const test::TempDir& dir, const std::string& name,
                                         const std::vector<std::string>& task_ids, const std::string& abi) {
  std::string text = "manifest_version: 1\nname: " + name + "\nversion: 1.0.0\nabi_version: \"" + abi +
                     "\"\nlibrary: " + Library(name) + "\ntasks:\n";
  for (const std::string& id : task_ids) text += "  - { id: " + id + ", title: T }\n";
  Result<Manifest> manifest = ReadManifest(test::WriteFile(dir.File(name + ".manifest"), text));
  REQUIRE(manifest.ok());
  Result<std::shared_ptr<LoadedPlugin>> plugin = LoadPlugin(*manifest);
  INFO(plugin.status().message());
  REQUIRE(plugin.ok());
  std::vector<std::shared_ptr<const TaskType>> tasks = TasksOf(*plugin);
  REQUIRE(tasks.size() >= 1);
  return tasks[0];
}

// What the server answers: quotes, a backslash, a newline and one byte that
// is not UTF-8, all of which a JSON string would have to escape or replace.
const std::string kAnswer = "said \"ok\" \\ done\n\xff end";
const std::string kPrepared = "line one\nsaid \"hi\" \\ tab\t \xC3\xA9 {not json";

TEST_CASE("An ABI 1.1 plugin gets each body in a buffer of its own, sent and received byte for byte") {
  test::TempDir dir;
  std::shared_ptr<const TaskType> task = LoadOnly(dir, "tp_buffers", {"tp.buffers"}, "1.1");
  test::LoopbackServer server;
  std::mutex mutex;
  std::string received;
  server.server().Post("/echo", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mutex);
    received = req.body;
    res.set_content(kAnswer, "text/plain");
  });
  server.Start();
  HttpClient client;
  CallOptions options;
  options.client = &client;
  CallResult called = CallTask(*task, Json{{"url", server.Url("/echo")}}, options);
  INFO(called.error.dump());
  REQUIRE(called.state == "succeeded");
  {
    std::lock_guard<std::mutex> lock(mutex);
    CHECK(received == kPrepared);  // body_text, sent as it is
  }
  const Json& outputs = called.outputs;
  CHECK(outputs.at("called") == "interpret_buffers");  // not the 1.0 interpret
  CHECK(outputs.at("request_body_as_prepared") == true);
  CHECK(outputs.at("request_body_size") == kPrepared.size());
  // The one invalid byte became U+FFFD (three bytes); nothing was escaped.
  CHECK(outputs.at("response_body_size") == kAnswer.size() - 1 + 3);
  CHECK(outputs.at("nul_terminated") == true);
  CHECK(outputs.at("text_struct_size") == sizeof(wf_text));
  CHECK(outputs.at("request_head") == Json{{"method", "POST"}, {"url", server.Url("/echo")}});
  CHECK(outputs.at("response_head").at("status") == 200);
  CHECK_FALSE(outputs.at("response_head").contains("body"));
  CHECK(outputs.at("response_head").at("headers").at("content-type") == "text/plain");
  // The host adds what arrived itself.
  CHECK(outputs.at("response").at("status") == 200);
}

TEST_CASE("An ABI 1.0 plugin keeps loading, and the host calls its 1.0 interpret with the body inside JSON") {
  test::TempDir dir;
  std::shared_ptr<const TaskType> task = LoadOnly(dir, "tp_good", {"tp.alpha", "tp.beta"}, "1.0");
  HttpResponse raw;
  raw.status = 200;
  raw.body = "{}";
  Json interpreted = task->Interpret(Json{{"method", "POST"}, {"url", "http://x/"}}, raw,
                                     Json{{"status", 200}, {"headers", Json::object()}, {"body", Json::object()}});
  // tp_common.h's 1.0 interpret answers this error; it has no interpret_buffers.
  CHECK(interpreted.at("error").at("message") == "nothing was sent");
  CHECK(interpreted.at("error").at("response").at("status") == 200);
}

}  // namespace
}  // namespace wf

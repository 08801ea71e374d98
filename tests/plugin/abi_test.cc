// The built plugin seen the way the host sees it: dlopen, the C entry point,
// JSON text in and out, and the plugin's own free function.
#include <dlfcn.h>

#include <cstddef>

#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "wf/plugin.h"

namespace {

using Json = nlohmann::json;

const char kLibrary[] = WF_BINARY_DIR "/lib/libwf_intercom.so";

// Loads the library once for the whole test binary; never unloaded.
const wf_plugin& Plugin() {
  static const wf_plugin* plugin = [] {
    void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) FAIL("dlopen " << kLibrary << ": " << dlerror());
    void* entry = dlsym(handle, WF_PLUGIN_ENTRY_SYMBOL);
    if (entry == nullptr) FAIL("no " WF_PLUGIN_ENTRY_SYMBOL " in " << kLibrary);
    return reinterpret_cast<wf_plugin_entry_fn>(entry)();
  }();
  REQUIRE(plugin != nullptr);
  return *plugin;
}

const wf_task& Task() {
  REQUIRE(Plugin().task_count == 1);
  return *Plugin().tasks[0];
}

// Takes ownership of a string the plugin returned and parses it.
Json Take(char* text) {
  REQUIRE(text != nullptr);
  std::string copy(text);
  Plugin().free_string(text);
  return Json::parse(copy);
}

TEST_CASE("the plugin library exposes a versioned table through wf_plugin_entry", "[abi]") {
  const wf_plugin& plugin = Plugin();
  CHECK(plugin.struct_size == sizeof(wf_plugin));
  CHECK(plugin.abi_version == WF_ABI_VERSION_CURRENT);
  CHECK(WF_ABI_MAJOR_OF(plugin.abi_version) == 1u);
  CHECK(std::string(plugin.name) == "intercom");
  CHECK(std::string(plugin.version) == "0.1.0");
  CHECK(plugin.free_string != nullptr);
  const wf_task& task = Task();
  CHECK(task.struct_size == sizeof(wf_task));
  CHECK(task.reserved == 0u);
  CHECK(std::string(task.id) == "intercom.create_conversation");
  CHECK(std::string(task.title) == "Intercom: Create Conversation");
  CHECK(task.describe != nullptr);
  CHECK(task.prepare != nullptr);
  CHECK(task.interpret != nullptr);
  plugin.free_string(nullptr);
}

TEST_CASE("the plugin speaks ABI 1.1: its table has interpret_buffers, which a 1.1 host calls", "[abi]") {
  const wf_task& task = Task();
  CHECK(WF_ABI_MINOR_OF(Plugin().abi_version) == 1u);
  REQUIRE(task.struct_size >= offsetof(wf_task, interpret_buffers) + sizeof(task.interpret_buffers));
  REQUIRE(task.interpret_buffers != nullptr);
}

wf_text Text(const std::string& bytes) { return wf_text{sizeof(wf_text), 0, bytes.c_str(), bytes.size()}; }

TEST_CASE("interpret_buffers reads each body from its own buffer, unescaped", "[abi]") {
  const wf_task& task = Task();
  // Quotes and backslashes inside the body: raw bytes here, where a JSON
  // string would have escaped them.
  std::string body = R"({"conversation_id":"7","id":"9","body":"say \"hi\" \\ now"})";
  std::string sent = R"({"from":{"type":"lead","id":"abc"},"body":"x"})";
  wf_text response_body = Text(body), request_body = Text(sent);
  Json answer = Take(task.interpret_buffers(&task, R"({"method":"POST","url":"http://h/conversations"})",
                                            &request_body, R"({"status":200,"headers":{}})", &response_body));
  CHECK(answer.at("outputs").at("conversation_id") == "7");
  CHECK(answer.at("outputs").at("body") == "say \"hi\" \\ now");
  SECTION("a failure reads the request body it was given") {
    std::string not_found = R"({"type":"error.list","errors":[{"code":"not_found","message":"User Not Found"}]})";
    wf_text failure_body = Text(not_found);
    Json error = Take(task.interpret_buffers(&task, R"({"method":"POST","url":"http://h/conversations"})",
                                             &request_body, R"({"status":404,"headers":{}})", &failure_body));
    CHECK(error.at("error").at("message") ==
          "Intercom found no contact with from.id 'abc' for from.type 'lead' (404 not_found: User Not "
          "Found); check that from.id is Intercom's id of a contact of that type");
  }
  SECTION("the 1.0 interpret gives the same answer from the bodies inside JSON text") {
    Json response = {{"status", 200}, {"headers", Json::object()}, {"body", body}};
    Json request = {{"method", "POST"}, {"url", "http://h/conversations"}, {"body", Json::parse(sent)}};
    CHECK(Take(task.interpret(&task, request.dump().c_str(), response.dump().c_str())) == answer);
  }
}

TEST_CASE("describe, prepare and interpret work through the C function pointers", "[abi]") {
  const wf_task& task = Task();
  SECTION("describe") { CHECK(Take(task.describe(&task)).at("id") == "intercom.create_conversation"); }
  SECTION("prepare, with the body as text for the host to send byte for byte") {
    const char* inputs = R"({"from":{"type":"lead","id":"abc"},"body":"a\"b\\c\nd\u0001 \u00e9",)"
                         R"("access_token":"tok"})";
    Json request = Take(task.prepare(&task, inputs)).at("request");
    CHECK(request.at("headers").at("Authorization") == "Bearer tok");
    CHECK_FALSE(request.contains("body"));
    std::string body = request.at("body_text");
    CHECK(body == R"({"from":{"type":"lead","id":"abc"},"body":"a\"b\\c\nd\u0001 )" "\xC3\xA9" R"("})");
  }
  SECTION("interpret") {
    Json outputs = Take(task.interpret(&task, "{}", R"({"status":200,"headers":{},)"
                                                    R"("body":"{\"conversation_id\":\"7\",\"id\":\"9\"}"})"));
    CHECK(outputs.at("outputs").at("conversation_id") == "7");
  }
}

TEST_CASE("bad JSON text across the ABI gives a JSON error, not a crash", "[abi]") {
  const wf_task& task = Task();
  SECTION("prepare") {
    for (const char* bad : {"{", "", "not json", "{\"from\":}"}) {
      Json result = Take(task.prepare(&task, bad));
      REQUIRE(result.at("errors").size() == 1);
      CHECK(result.at("errors")[0].at("message").get<std::string>().rfind("plugin failed: ", 0) == 0);
    }
    Json null_input = Take(task.prepare(&task, nullptr));
    CHECK(null_input.at("errors")[0].at("message") ==
          "inputs is null; allowed: an object with the task's fields");
  }
  SECTION("interpret") {
    Json bad_request = Take(task.interpret(&task, "{", "{\"status\":404}"));
    CHECK(bad_request.at("error").at("kind") == "plugin");
    CHECK(bad_request.at("error").at("message").get<std::string>().rfind("plugin failed: ", 0) == 0);
    Json bad_response = Take(task.interpret(&task, "{}", "[1,"));
    CHECK(bad_response.at("error").at("kind") == "plugin");
    Json null_response = Take(task.interpret(&task, nullptr, nullptr));
    CHECK(null_response.at("error").at("kind") == "plugin");
  }
  SECTION("interpret_buffers reads the request head only for a failure's message") {
    std::string body = R"({"conversation_id":"7"})";
    wf_text text = Text(body), none = Text("");
    Json unread_request = Take(task.interpret_buffers(&task, "{", &none, R"({"status":200})", &text));
    CHECK(unread_request.at("outputs").at("conversation_id") == "7");
    Json bad_head = Take(task.interpret_buffers(&task, "{}", &none, "[1,", &text));
    CHECK(bad_head.at("error").at("kind") == "plugin");
    Json null_head = Take(task.interpret_buffers(&task, nullptr, nullptr, nullptr, nullptr));
    CHECK(null_head.at("error").at("kind") == "plugin");
  }
}

// plugin.hpp's Guarded() serialises the parser's message, which quotes the bad
// byte, with the strict UTF-8 handler; that throws again and the thunk returns
// NULL. Marked !mayfail until plugin.hpp dumps its error with
// error_handler_t::replace.
TEST_CASE("invalid UTF-8 across the ABI gives a JSON error, not NULL", "[abi]") {
  const wf_task& task = Task();
  CHECK(Take(task.prepare(&task, "\xff\xfe")).contains("errors"));
  CHECK(Take(task.prepare(&task, "{\"body\":\"\xff\"}")).contains("errors"));
  CHECK(Take(task.interpret(&task, "{}", "\xff")).contains("error"));
}

}  // namespace

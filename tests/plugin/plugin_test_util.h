// Shared inputs and accessors for the Intercom plugin tests.
#ifndef WF_TESTS_PLUGIN_PLUGIN_TEST_UTIL_H_
#define WF_TESTS_PLUGIN_PLUGIN_TEST_UTIL_H_

#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "create_conversation.h"
#include "prepare.h"
#include "wf/json_text.hpp"
#include "wf/plugin.hpp"

namespace wf::intercom::testing {

using Json = nlohmann::json;

// The smallest valid inputs: from, body and access_token.
inline Json MinimalInputs() {
  return Json{{"from", {{"type", "user"}, {"id", "536e564f316c83104c000020"}}},
              {"body", "Hello there"},
              {"access_token", "tok_abc123"}};
}

// MinimalInputs with `path` (a top-level key, or "from.type" / "from.id") set
// to `value`; a null value removes the key.
inline Json With(const std::string& path, const Json& value) {
  Json inputs = MinimalInputs();
  Json* target = &inputs;
  std::string key = path;
  if (path.rfind("from.", 0) == 0) {
    target = &inputs["from"];
    key = path.substr(5);
  }
  if (value.is_null()) {
    target->erase(key);
  } else {
    (*target)[key] = value;
  }
  return inputs;
}

// The plugin's own C function table for the task, as WF_DEFINE_PLUGIN builds it.
inline const wf_task& TaskTable() {
  static const CreateConversation task;
  static const wf::plugin::detail::Registry<1> registry("intercom", "test", {&task});
  return registry.task_tables[0];
}

// Takes a plugin answer: parsed, and freed as the host frees it.
inline Json TakeAnswer(char* text) {
  REQUIRE(text != nullptr);
  Json answer = Json::parse(text);
  wf::plugin::detail::FreeString(text);
  return answer;
}

// prepare()'s answer through the plugin's C function, as JSON; the body the
// host would send byte for byte ("body_text") parsed back into "body", so
// that tests compare values.
inline Json PrepareRequest(const Json& inputs) {
  const wf_task& table = TaskTable();
  Json answer = TakeAnswer(table.prepare(&table, wf::json_text::Write(inputs).c_str()));
  if (answer.contains("request") && answer["request"].contains("body_text")) {
    Json& request = answer["request"];
    request["body"] = Json::parse(request["body_text"].get<std::string>());
    request.erase("body_text");
  }
  return answer;
}

// interpret()'s answer through the plugin's ABI 1.1 C function, as JSON.
// `request` is a PrepareRequest request (or null); `response` is {"status",
// "headers", "body": text}, its header names lower-cased as the host does.
inline Json InterpretResponse(const Json& request, const Json& response) {
  Json head = {{"status", response.at("status")}, {"headers", Json::object()}};
  const Json headers = response.value("headers", Json::object());
  for (const auto& [name, value] : headers.items()) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    head["headers"][lower] = value;
  }
  Json request_head = Json::object();
  std::string sent;
  if (request.is_object()) {
    request_head = {{"method", request.value("method", std::string("POST"))}, {"url", request.value("url", std::string())}};
    if (request.contains("body")) sent = request["body"].dump();
  }
  std::string received = response.value("body", std::string());
  std::string request_text = request_head.dump(), head_text = head.dump();
  wf_text request_body{sizeof(wf_text), 0, sent.c_str(), sent.size()};
  wf_text response_body{sizeof(wf_text), 0, received.c_str(), received.size()};
  const wf_task& table = TaskTable();
  return TakeAnswer(table.interpret_buffers(&table, request_text.c_str(), &request_body,
                                            head_text.c_str(), &response_body));
}

// The "message" of every error prepare() reported, in order.
inline std::vector<std::string> ErrorMessages(const Json& prepared) {
  std::vector<std::string> out;
  for (const Json& error : prepared.value("errors", Json::array())) {
    out.push_back(error.at("message").get<std::string>());
  }
  return out;
}

inline std::vector<std::string> WarningMessages(const Json& prepared) {
  std::vector<std::string> out;
  for (const Json& warning : prepared.value("warnings", Json::array())) {
    out.push_back(warning.at("message").get<std::string>());
  }
  return out;
}

// The messages prepare() gives for `inputs`.
inline std::vector<std::string> Errors(const Json& inputs) {
  return ErrorMessages(PrepareRequest(inputs));
}

inline std::vector<std::string> Warnings(const Json& inputs) {
  return WarningMessages(PrepareRequest(inputs));
}

using Messages = std::vector<std::string>;

}  // namespace wf::intercom::testing

#endif  // WF_TESTS_PLUGIN_PLUGIN_TEST_UTIL_H_

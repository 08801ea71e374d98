// Shared inputs and accessors for the Intercom plugin tests.
#ifndef WF_TESTS_PLUGIN_PLUGIN_TEST_UTIL_H_
#define WF_TESTS_PLUGIN_PLUGIN_TEST_UTIL_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prepare.h"

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

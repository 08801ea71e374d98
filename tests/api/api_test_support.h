// Shared by the API tests: a real `wf serve` server (ApiServer) on a free
// loopback port with the built-in sandbox, over a temporary copy of
// workflows/, and a client that sends the right Host and CSRF token unless a
// test says otherwise. Header-only.
#ifndef WF_TESTS_API_API_TEST_SUPPORT_H_
#define WF_TESTS_API_API_TEST_SUPPORT_H_

#include <httplib.h>
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "base/json.h"
#include "cli/embedded_sandbox.h"
#include "engine/engine_test_support.h"
#include "engine/task_registry.h"
#include "server/api_server.h"

namespace wf::test {

inline const std::string kLeadId = "6762f0a21bb69f9f2193bb11";

inline const TaskRegistry& BuildRegistry() {
  static std::unique_ptr<TaskRegistry> registry = BuildTreeRegistry();  // loaded once for all tests
  return *registry;
}

struct EditorOptions {
  bool sandbox = true;
  std::string api_token;
  std::string intercom_base_url;
  bool journal = false;
};

// A running editor server over a scratch copy of workflows/.
class RunningEditor {
 public:
  explicit RunningEditor(EditorOptions options = {}) {
    std::filesystem::copy(std::string(WF_SOURCE_DIR) + "/workflows", workflows_dir());
    if (options.sandbox) {
      auto started = EmbeddedSandbox::Start();
      REQUIRE(started.ok());
      sandbox_ = std::move(*started);
    }
    ApiServerOptions server_options;
    server_options.port = 0;
    server_options.workflows_dir = workflows_dir();
    server_options.api_token = options.api_token;
    server_options.intercom_base_url = options.intercom_base_url;
    if (options.journal) server_options.journal_path = scratch_.path() + "/runs.db";
    if (sandbox_) sandbox_->Wire(&server_options);
    server_ = std::make_unique<ApiServer>(BuildRegistry(), secrets_, server_options);
    Status started = server_->Start();
    INFO(started.message());
    REQUIRE(started.ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_tcp_nodelay(true);
    client_->set_read_timeout(10, 0);
  }

  std::string workflows_dir() const { return scratch_.path() + "/workflows"; }
  std::string WorkflowPath(const std::string& file) const { return workflows_dir() + "/" + file; }
  ApiServer& server() { return *server_; }
  EmbeddedSandbox* sandbox() { return sandbox_.get(); }
  Secrets& secrets() { return secrets_; }
  httplib::Client& client() { return *client_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(server_->port()); }

  // Headers of a same-origin request from the editor page.
  httplib::Headers PageHeaders() const {
    return {{"X-WF-CSRF", server_->csrf_token()}, {"Origin", "http://" + host()}};
  }

  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    return client_->Get(path.c_str(), headers);
  }
  httplib::Result Post(const std::string& path, const Json& body) {
    return client_->Post(path.c_str(), PageHeaders(), body.dump(), "application/json");
  }
  httplib::Result Put(const std::string& path, const Json& body) {
    return client_->Put(path.c_str(), PageHeaders(), body.dump(), "application/json");
  }

  // Every request the sandbox received, from its inspection route.
  Json SandboxRequests() {
    httplib::Client inspect("127.0.0.1", sandbox_->server().port());
    auto result = inspect.Get("/__sandbox/requests");
    REQUIRE(result);
    return Json::parse(result->body);
  }

 private:
  TempDir scratch_;
  Secrets secrets_;
  std::unique_ptr<EmbeddedSandbox> sandbox_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

inline Json BodyOf(const httplib::Result& result) {
  REQUIRE(result);
  Json body = Json::parse(result->body, nullptr, false);
  INFO(result->body);
  REQUIRE(!body.is_discarded());
  return body;
}

}  // namespace wf::test

#endif  // WF_TESTS_API_API_TEST_SUPPORT_H_

// A prepared request sent over loopback to a real HTTP server arrives exactly
// as prepared, and the server's answer interprets into outputs.
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>

#include "interpret.h"
#include "plugin_test_util.h"

namespace wf::intercom {
namespace {

using testing::InterpretResponse;
using testing::Json;
using testing::PrepareRequest;

// What the server saw of the one request it got.
struct Received {
  std::string method;
  std::string path;
  httplib::Headers headers;
  std::string body;
};

// A real server on a free loopback port, answering POSTs like Intercom does.
class FakeIntercom {
 public:
  FakeIntercom() {
    server_.set_tcp_nodelay(true);
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_ = Received{req.method, req.path, req.headers, req.body};
      }
      res.set_header("X-Request-Id", "rt-1");
      res.set_content(R"({"type":"user_message","id":"403918075","created_at":1736201609,)"
                      R"("body":"Hello there","message_type":"inapp","conversation_id":"33"})",
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~FakeIntercom() {
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  Received received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::mutex mutex_;
  Received received_;
};

// Sends `prepared` the way a host does: method, path, headers and body_text
// byte for byte.
httplib::Result Send(const Json& prepared, int port) {
  std::string url = prepared.at("url");
  std::string origin = "http://127.0.0.1:" + std::to_string(port);
  REQUIRE(url.rfind(origin, 0) == 0);
  httplib::Client client(origin);
  client.set_tcp_nodelay(true);
  httplib::Request request;
  request.method = prepared.at("method");
  request.path = url.substr(origin.size());
  for (const auto& [name, value] : prepared.at("headers").items()) {
    request.headers.emplace(name, value.get<std::string>());
  }
  request.body = prepared.at("body_text");
  return client.send(request);
}

TEST_CASE("a prepared request reaches a loopback server byte for byte", "[round_trip]") {
  FakeIntercom server;
  std::string prefix = GENERATE(as<std::string>{}, "", "/intercom");
  Json inputs = testing::MinimalInputs();
  inputs["base_url"] = "http://127.0.0.1:" + std::to_string(server.port()) + prefix + "/";
  inputs["body"] = "Hi \"there\"\n\u00e9\U0001F600";
  inputs["message_type"] = "inapp";
  inputs["created_at"] = 1671028894;
  inputs["intercom_version"] = "2.11";
  const wf_task& table = testing::TaskTable();
  Json prepared = testing::TakeAnswer(table.prepare(&table, inputs.dump().c_str())).at("request");

  httplib::Result result = Send(prepared, server.port());
  REQUIRE(result);
  CHECK(result->status == 200);

  Received got = server.received();
  CHECK(got.method == "POST");
  CHECK(got.path == prefix + "/conversations");
  for (const auto& [name, value] : prepared.at("headers").items()) {
    INFO(name);
    CHECK(got.headers.count(name) == 1);
    auto it = got.headers.find(name);
    REQUIRE(it != got.headers.end());
    CHECK(it->second == value.get<std::string>());
  }
  CHECK(got.headers.find("Authorization")->second == "Bearer tok_abc123");
  CHECK(got.headers.find("Intercom-Version")->second == "2.11");
  CHECK(got.body ==
        "{\"from\":{\"type\":\"user\",\"id\":\"536e564f316c83104c000020\"},"
        "\"body\":\"Hi \\\"there\\\"\\n\xC3\xA9\xF0\x9F\x98\x80\",\"message_type\":\"inapp\","
        "\"created_at\":1671028894}");

  SECTION("and the answer interprets into outputs") {
    Json headers = Json::object();
    for (const auto& [name, value] : result->headers) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      headers[lower] = value;
    }
    Json outputs = InterpretResponse(prepared, Json{{"status", result->status},
                                                    {"headers", headers},
                                                    {"body", result->body}})
                       .at("outputs");
    CHECK(outputs.at("conversation_id") == "33");
    CHECK(outputs.at("message_id") == "403918075");
    CHECK(outputs.at("created_at") == 1736201609);
  }
}

}  // namespace
}  // namespace wf::intercom

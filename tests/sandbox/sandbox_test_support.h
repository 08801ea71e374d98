// Shared helpers of the sandbox tests: a sandbox started on a free loopback
// port, a client for it, and shortcuts for the requests and answers the tests
// look at.
#ifndef WF_TESTS_SANDBOX_SANDBOX_TEST_SUPPORT_H_
#define WF_TESTS_SANDBOX_SANDBOX_TEST_SUPPORT_H_

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sandbox/sandbox.h"

namespace wf::sandbox::testing {

inline const std::string kAdaId = "6762f0a21bb69f9f2193bb01";
inline const std::string kGraceId = "6762f0a21bb69f9f2193bb02";
inline const std::string kLeadId = "6762f0a21bb69f9f2193bb11";
inline const std::string kValidBody =
    R"({"from":{"type":"user","id":"6762f0a21bb69f9f2193bb01"},"body":"Hello there"})";

inline httplib::Headers AuthHeaders(const std::string& token = kDefaultToken) {
  return {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
}

// A sandbox on a free port of 127.0.0.1 and a keep-alive client for it.
class RunningSandbox {
 public:
  explicit RunningSandbox(Options options = {}) : server_(std::move(options)) {
    std::string error;
    const bool started = server_.Start(&error);
    INFO(error);
    REQUIRE(started);
    client_ = NewClient();
  }

  Server& server() { return server_; }
  httplib::Client& client() { return *client_; }

  std::unique_ptr<httplib::Client> NewClient() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    client->set_tcp_nodelay(true);
    client->set_keep_alive(true);
    client->set_read_timeout(5, 0);
    return client;
  }

  httplib::Result Create(const std::string& body, const httplib::Headers& headers = AuthHeaders(),
                         const std::string& content_type = "application/json") {
    return client_->Post("/conversations", headers, body, content_type);
  }

  httplib::Result CreateJson(const nlohmann::json& body) { return Create(body.dump()); }

 private:
  Server server_;
  std::unique_ptr<httplib::Client> client_;
};

inline nlohmann::json BodyOf(const httplib::Result& result) {
  REQUIRE(result);
  return nlohmann::json::parse(result->body);
}

// The `errors` of an error.list answer, after checking its shape.
inline nlohmann::json ErrorsOf(const httplib::Result& result) {
  const nlohmann::json body = BodyOf(result);
  CHECK(body["type"] == "error.list");
  CHECK(body["request_id"].is_string());
  CHECK(body["request_id"].get<std::string>().size() == 36);
  CHECK(result->get_header_value("X-Request-Id") == body["request_id"]);
  return body["errors"];
}

inline nlohmann::json Error(const std::string& code, const std::string& message,
                            const std::string& field = "") {
  nlohmann::json entry = {{"code", code}, {"message", message}};
  if (!field.empty()) entry["field"] = field;
  return entry;
}

// Sends `request` as raw bytes to 127.0.0.1:port and returns every byte that
// comes back until the server closes the connection (or 5 s pass). For what
// httplib::Client cannot send (no Content-Type) or cannot show (no answer at
// all). Ask for "Connection: close" in `request` so that the server closes.
inline std::string RawExchange(int port, const std::string& request) {
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  REQUIRE(connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(send(sock, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  std::string answer;
  char buffer[4096];
  ssize_t received;
  while ((received = recv(sock, buffer, sizeof buffer, 0)) > 0) {
    answer.append(buffer, static_cast<size_t>(received));
  }
  close(sock);
  return answer;
}

// A POST /conversations as raw text, with the given extra header lines.
inline std::string RawCreateRequest(const std::string& extra_headers, const std::string& body) {
  return "POST /conversations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
         "Authorization: Bearer sandbox-token\r\nConnection: close\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace wf::sandbox::testing

#endif  // WF_TESTS_SANDBOX_SANDBOX_TEST_SUPPORT_H_

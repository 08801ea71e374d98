// HttpClient over HTTPS: certificates are verified against the system store by
// default, or against ca_file; a failed verification is "not sent".
// Fixtures: tests/http/testdata (see make_certs.sh there).
#include <catch2/catch.hpp>

#include <memory>

#include "http/http_client.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

using test::LoopbackServer;

const std::string kTestData = std::string(WF_SOURCE_DIR) + "/tests/http/testdata/";

std::unique_ptr<httplib::Server> TlsServer(const std::string& certificate) {
  auto server = std::make_unique<httplib::SSLServer>((kTestData + certificate).c_str(),
                                                     (kTestData + "server.key").c_str());
  REQUIRE(server->is_valid());
  server->Get("/hello", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("hello over tls", "text/plain");
  });
  return server;
}

TEST_CASE("HTTPS verifies the server certificate") {
  LoopbackServer server(TlsServer("server.pem"));
  server.Start();
  const std::string url = server.Url("/hello?token=s3cret", /*https=*/true);
  const std::string shown = server.Url("/hello", /*https=*/true);

  SECTION("a private CA is not trusted by the system store") {
    HttpClient client;
    HttpOutcome outcome = client.Send({"GET", url, {}, ""});
    CHECK(outcome.failure == SendFailure::kNotSent);
    CHECK(outcome.error == "no response from " + shown +
                               ": the TLS certificate is not issued by a trusted CA (the request was not sent)");
  }
  SECTION("ca_file trusts it, and the connection is kept alive") {
    HttpOptions options;
    options.ca_file = kTestData + "ca.pem";
    HttpClient client(options);
    for (int i = 0; i < 3; ++i) {
      HttpOutcome outcome = client.Send({"GET", url, {}, ""});
      INFO(outcome.error);
      REQUIRE(outcome.ok());
      CHECK(outcome.response.body == "hello over tls");
    }
    CHECK(client.IdleConnections() == 1);
  }
  SECTION("a ca_file that cannot be read is named") {
    HttpOptions options;
    options.ca_file = kTestData + "missing.pem";
    HttpClient client(options);
    HttpOutcome outcome = client.Send({"GET", url, {}, ""});
    CHECK(outcome.failure == SendFailure::kNotSent);
    CHECK(outcome.error == "no response from " + shown + ": could not load CA certificates from '" +
                               options.ca_file + "' (the request was not sent)");
  }
}

TEST_CASE("HTTPS refuses a trusted certificate issued for another host") {
  LoopbackServer server(TlsServer("other_host.pem"));
  server.Start();
  HttpOptions options;
  options.ca_file = kTestData + "ca.pem";
  HttpClient client(options);
  HttpOutcome outcome = client.Send({"GET", server.Url("/hello", /*https=*/true), {}, ""});
  CHECK(outcome.failure == SendFailure::kNotSent);
  CHECK(outcome.error == "no response from " + server.Url("/hello", true) +
                             ": the TLS certificate is not valid for host '127.0.0.1' (the request was not sent)");
}

TEST_CASE("HTTPS to a port that speaks plain HTTP fails as not sent") {
  LoopbackServer server;  // plain HTTP: answers the TLS hello with a 400
  server.Start();
  HttpClient client;
  const std::string url = server.Url("/conversations", /*https=*/true);
  HttpOutcome outcome = client.Send({"POST", url, {}, "{}"});
  CHECK(outcome.failure == SendFailure::kNotSent);
  CHECK(outcome.error == "no response from " + url + ": the TLS handshake failed (the request was not sent)");
  CHECK(outcome.elapsed_ms < 2000);
}

}  // namespace
}  // namespace wf

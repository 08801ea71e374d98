// HttpPool: one client per sender at a time, kept alive per origin, dropped
// after a failure, and never more idle ones than allowed.
#include "http/http_pool.h"

#include <catch2/catch.hpp>

#include <string>

#include "http/loopback_server.h"

namespace wf {
namespace {

Url Parsed(const std::string& text) {
  Result<Url> url = ParseUrl(text);
  REQUIRE(url.ok());
  return *url;
}

class Server {
 public:
  Server() {
    server.server().Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      server.NoteConnection(req);
      res.set_content("ok", "text/plain");
    });
    server.Start();
  }
  test::LoopbackServer server;
};

TEST_CASE("a released client is handed out again and keeps its connection", "[http_pool]") {
  Server origin;
  HttpPool pool;
  Url url = Parsed(origin.server.Url("/"));
  for (int i = 0; i < 3; ++i) {
    HttpPool::Lease lease = pool.Acquire(url, "", 4000);
    httplib::Result result = lease.client().Get("/");
    REQUIRE(result);
    lease.Release();
    CHECK(pool.IdleCount() == 1);
  }
  CHECK(origin.server.connections() == 1);
}

TEST_CASE("concurrent senders to one origin get different clients", "[http_pool]") {
  Server origin;
  HttpPool pool;
  Url url = Parsed(origin.server.Url("/"));
  HttpPool::Lease first = pool.Acquire(url, "", 4000);
  HttpPool::Lease second = pool.Acquire(url, "", 4000);
  CHECK(&first.client() != &second.client());
  REQUIRE(first.client().Get("/"));
  REQUIRE(second.client().Get("/"));
  CHECK(origin.server.connections() == 2);
  first.Release();
  second.Release();
  CHECK(pool.IdleCount() == 2);
}

TEST_CASE("a lease that is not released drops its client", "[http_pool]") {
  Server origin;
  HttpPool pool;
  Url url = Parsed(origin.server.Url("/"));
  {
    HttpPool::Lease lease = pool.Acquire(url, "", 4000);
    REQUIRE(lease.client().Get("/"));
  }  // as after a failure: not released
  CHECK(pool.IdleCount() == 0);
  HttpPool::Lease fresh = pool.Acquire(url, "", 4000);
  REQUIRE(fresh.client().Get("/"));
  CHECK(origin.server.connections() == 2);
}

TEST_CASE("no more idle clients are kept per origin than the pool allows", "[http_pool]") {
  Server origin;
  HttpPool pool(2);
  Url url = Parsed(origin.server.Url("/"));
  {
    HttpPool::Lease a = pool.Acquire(url, "", 4000);
    HttpPool::Lease b = pool.Acquire(url, "", 4000);
    HttpPool::Lease c = pool.Acquire(url, "", 4000);
    a.Release();
    b.Release();
    c.Release();
  }
  CHECK(pool.IdleCount() == 2);
}

TEST_CASE("origins are pooled apart", "[http_pool]") {
  Server one, two;
  HttpPool pool;
  HttpPool::Lease a = pool.Acquire(Parsed(one.server.Url("/")), "", 4000);
  REQUIRE(a.client().Get("/"));
  a.Release();
  HttpPool::Lease b = pool.Acquire(Parsed(two.server.Url("/")), "", 4000);
  REQUIRE(b.client().Get("/"));
  b.Release();
  CHECK(pool.IdleCount() == 2);
  CHECK(one.server.connections() == 1);
  CHECK(two.server.connections() == 1);
}

}  // namespace
}  // namespace wf

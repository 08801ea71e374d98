// ApiServer itself: the editor page and its static files (served from the
// binary, with the CSRF token filled in), /api/session, and the port it holds.
#include <catch2/catch.hpp>

#include "api/api_test_support.h"
#include "server/editor_assets.h"

namespace wf {
namespace {

using test::BodyOf;
using test::RunningEditor;

TEST_CASE("GET / serves the editor page with this server's CSRF token", "[api][page]") {
  RunningEditor editor;
  auto page = editor.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("<meta name=\"wf-csrf\" content=\"" + editor.server().csrf_token() + "\">") !=
        std::string::npos);
  CHECK(page->body.find("{{WF_CSRF_TOKEN}}") == std::string::npos);
  CHECK(page->get_header_value("X-Frame-Options") == "DENY");
  CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'self'") == 0);
  CHECK(page->get_header_value("Access-Control-Allow-Origin").empty());
}

TEST_CASE("the editor's files are embedded and served with their types", "[api][page]") {
  RunningEditor editor;
  for (const auto& [file, type] : std::vector<std::pair<std::string, std::string>>{
           {"editor.js", "text/javascript; charset=utf-8"},
           {"editor.css", "text/css; charset=utf-8"},
           {"form.js", "text/javascript; charset=utf-8"}}) {
    INFO(file);
    auto result = editor.Get("/" + file);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->get_header_value("Content-Type") == type);
    CHECK(result->body == FindEditorAsset(file)->content);
    CHECK(result->body == test::ReadFile(std::string(WF_SOURCE_DIR) + "/editor/" + file));
  }
  auto missing = editor.Get("/nothing.js");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(BodyOf(missing)["error"] == "no such file: /nothing.js");
  CHECK(editor.Get("/index.html")->status == 404);
  CHECK(BodyOf(editor.Get("/api/nothing"))["error"] == "no such endpoint: GET /api/nothing");
  CHECK_FALSE(FindEditorAsset("../CMakeLists.txt").has_value());
}

TEST_CASE("GET /api/session tells the page about the server", "[api][page]") {
  RunningEditor editor;
  Json session = BodyOf(editor.Get("/api/session"));
  CHECK(session["csrf_token"] == editor.server().csrf_token());
  CHECK(session["csrf_header"] == "X-WF-CSRF");
  CHECK(session["sandbox"] == editor.sandbox()->base_url());
  CHECK(session["workflows_dir"] == editor.workflows_dir());
  CHECK(session["token_required"] == false);
  CHECK(session["overrides"] ==
        Json::parse(R"([{"task_prefix": "intercom.", "keys": ["access_token", "base_url", "region"]}])"));
  CHECK(editor.Get("/api/session")->body.find("sandbox-token") == std::string::npos);
}

TEST_CASE("a second server cannot take a port that is in use", "[api][page]") {
  RunningEditor editor;
  Secrets secrets;
  ApiServerOptions options;
  options.port = editor.server().port();
  ApiServer second(test::BuildRegistry(), secrets, options);
  Status status = second.Start();
  CHECK(status.code() == StatusCode::kUnavailable);
  CHECK(status.message() == "cannot listen on 127.0.0.1:" + std::to_string(options.port) +
                                " (the port is taken or the address is not this machine's); choose another with --port");
}

}  // namespace
}  // namespace wf

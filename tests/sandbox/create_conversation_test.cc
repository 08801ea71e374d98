// POST /conversations and GET /conversations/{id} over real loopback HTTP.
#include <ctime>
#include <functional>

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

using nlohmann::json;

TEST_CASE("A valid create request answers 200 with Intercom's Message model", "[sandbox][create]") {
  RunningSandbox sandbox;
  const int64_t before = std::time(nullptr);

  SECTION("with only the required fields, created_at is now and message_type inapp") {
    httplib::Result result = sandbox.Create(kValidBody);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(result->get_header_value("Content-Type") == "application/json; charset=utf-8");
    const json body = BodyOf(result);
    CHECK(body["type"] == "user_message");
    CHECK(body["body"] == "Hello there");
    CHECK(body["message_type"] == "inapp");
    CHECK(body["created_at"].get<int64_t>() >= before);
    CHECK(body["created_at"].get<int64_t>() <= std::time(nullptr));
    CHECK_FALSE(body.contains("subject"));
    for (const char* id : {"id", "conversation_id"}) {
      INFO(id);
      const std::string text = body[id].get<std::string>();
      CHECK_FALSE(text.empty());
      CHECK(text.find_first_not_of("0123456789") == std::string::npos);
    }
  }

  SECTION("with every optional field, the answer echoes them") {
    const json request = {{"from", {{"type", "user"}, {"id", kAdaId}}},
                          {"body", "Your invoice"},
                          {"message_type", "email"},
                          {"subject", "Invoice 42"},
                          {"created_at", 1671028894},
                          {"attachment_urls", {"https://example.com/a.png"}}};
    const json body = BodyOf(sandbox.CreateJson(request));
    CHECK(body["created_at"] == 1671028894);
    CHECK(body["message_type"] == "email");
    CHECK(body["subject"] == "Invoice 42");
  }

  SECTION("each conversation gets its own id") {
    const json first = BodyOf(sandbox.Create(kValidBody));
    const json second = BodyOf(sandbox.Create(kValidBody));
    CHECK(first["conversation_id"] != second["conversation_id"]);
    CHECK(first["id"] != second["id"]);
  }
}

TEST_CASE("A created conversation is stored with what the request gave", "[sandbox][create]") {
  RunningSandbox sandbox;
  const json request = {{"from", {{"type", "user"}, {"id", "user-1"}}},
                        {"body", "Hi"},
                        {"message_type", "email"},
                        {"subject", "Welcome"},
                        {"created_at", 1700000000},
                        {"attachment_urls", {"https://example.com/a.png", "http://x.io/b"}}};
  const json answer = BodyOf(sandbox.CreateJson(request));

  const json stored = sandbox.server().Conversations();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0]["id"] == answer["conversation_id"]);
  CHECK(stored[0]["message_id"] == answer["id"]);
  CHECK(stored[0]["contact"]["id"] == kAdaId);
  CHECK(stored[0]["contact"]["type"] == "user");
  CHECK(stored[0]["from"] == json({{"type", "user"}, {"id", "user-1"}}));
  CHECK(stored[0]["body"] == "Hi");
  CHECK(stored[0]["subject"] == "Welcome");
  CHECK(stored[0]["attachment_urls"] == json({"https://example.com/a.png", "http://x.io/b"}));
  CHECK(stored[0]["created_at"] == 1700000000);
  CHECK(stored[0]["message_type"] == "email");
}

TEST_CASE("A missing or unknown access token answers 401 unauthorized", "[sandbox][auth]") {
  RunningSandbox sandbox;
  httplib::Headers headers;
  SECTION("no Authorization header") { headers = {{"Accept", "application/json"}}; }
  SECTION("an unknown token") { headers = AuthHeaders("not-a-token"); }
  SECTION("a token of another scheme") { headers = {{"Authorization", "Basic sandbox-token"}}; }
  SECTION("a Bearer header without a token") { headers = {{"Authorization", "Bearer "}}; }

  httplib::Result result = sandbox.Create(kValidBody, headers);
  REQUIRE(result);
  CHECK(result->status == 401);
  CHECK(ErrorsOf(result) == json::array({Error("unauthorized", "Access Token Invalid")}));
  CHECK_FALSE(result->has_header("X-RateLimit-Limit"));
  CHECK(sandbox.server().Conversations().empty());
}

TEST_CASE("Every configured token is accepted and the scheme ignores case", "[sandbox][auth]") {
  Options options;
  options.tokens = {"first", "second"};
  RunningSandbox sandbox(options);
  CHECK(sandbox.Create(kValidBody, AuthHeaders("first"))->status == 200);
  CHECK(sandbox.Create(kValidBody, AuthHeaders("second"))->status == 200);
  CHECK(sandbox.Create(kValidBody, {{"Authorization", "bearer first"}})->status == 200);
  CHECK(sandbox.Create(kValidBody, AuthHeaders("sandbox-token"))->status == 401);
}

TEST_CASE("The Accept header must admit JSON, else 406", "[sandbox][headers]") {
  RunningSandbox sandbox;
  auto with_accept = [](const std::string& accept) {
    return httplib::Headers{{"Authorization", "Bearer sandbox-token"}, {"Accept", accept}};
  };

  SECTION("absent, */*, application/json, application/* and a mixed list pass") {
    CHECK(sandbox.Create(kValidBody, {{"Authorization", "Bearer sandbox-token"}})->status == 200);
    for (const char* accept : {"*/*", "application/json", "application/*", "Application/JSON",
                               "text/html, application/json;q=0.5"}) {
      INFO(accept);
      CHECK(sandbox.Create(kValidBody, with_accept(accept))->status == 200);
    }
  }

  SECTION("a type that is not JSON is refused") {
    httplib::Result result = sandbox.Create(kValidBody, with_accept("text/html"));
    REQUIRE(result);
    CHECK(result->status == 406);
    CHECK(ErrorsOf(result) ==
          json::array({Error("media_type_not_acceptable",
                             "The API answers in application/json, which the Accept header "
                             "'text/html' does not admit")}));
  }

  SECTION("JSON with q=0 is refused") {
    CHECK(sandbox.Create(kValidBody, with_accept("application/json;q=0"))->status == 406);
  }
}

TEST_CASE("The body must be sent as application/json, else 415", "[sandbox][headers]") {
  RunningSandbox sandbox;

  SECTION("a charset parameter is fine") {
    CHECK(sandbox.Create(kValidBody, AuthHeaders(), "application/json; charset=utf-8")->status ==
          200);
  }

  SECTION("another media type is refused") {
    httplib::Result result = sandbox.Create(kValidBody, AuthHeaders(), "text/plain");
    REQUIRE(result);
    CHECK(result->status == 415);
    CHECK(ErrorsOf(result) ==
          json::array({Error("unsupported_media_type",
                             "The request body must be application/json; got Content-Type "
                             "'text/plain'")}));
    CHECK(sandbox.server().Conversations().empty());
  }

  SECTION("a body without Content-Type is refused") {
    const std::string answer =
        RawExchange(sandbox.server().port(), RawCreateRequest("", kValidBody));
    CHECK(answer.rfind("HTTP/1.1 415 ", 0) == 0);
    CHECK(answer.find("\"code\":\"unsupported_media_type\"") != std::string::npos);
    CHECK(answer.find("The request body must be application/json; got no Content-Type") !=
          std::string::npos);
  }
}

TEST_CASE("Intercom-Version must be one Intercom knows, else 400", "[sandbox][headers]") {
  RunningSandbox sandbox;
  auto with_version = [](const std::string& version) {
    httplib::Headers headers = AuthHeaders();
    headers.emplace("Intercom-Version", version);
    return headers;
  };

  SECTION("every version of the 2.12 list and later ones pass") {
    for (const char* version :
         {"1.0", "1.4", "2.0", "2.9", "2.11", "2.12", "2.13", "2.16", "Unstable", "Preview"}) {
      INFO(version);
      CHECK(sandbox.Create(kValidBody, with_version(version))->status == 200);
    }
  }

  SECTION("an unknown or empty version is refused") {
    for (const char* version : {"2.17", "3.0", "unstable", "v2.12"}) {
      INFO(version);
      httplib::Result result = sandbox.Create(kValidBody, with_version(version));
      REQUIRE(result);
      CHECK(result->status == 400);
      CHECK(ErrorsOf(result) ==
            json::array({Error("intercom_version_invalid",
                               "Intercom-Version '" + std::string(version) +
                                   "' is not a known API version; known: 1.0, 1.1, 1.2, 1.3, "
                                   "1.4, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 2.10, "
                                   "2.11, 2.12, 2.13, 2.14, 2.15, 2.16, Unstable, Preview")}));
    }
    CHECK(sandbox.server().Conversations().empty());
  }
}

TEST_CASE("A body that is not a JSON object answers 400 parameter_invalid",
          "[sandbox][validation]") {
  RunningSandbox sandbox;
  SECTION("not JSON") {
    httplib::Result result = sandbox.Create("{from: user}");
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(ErrorsOf(result) ==
          json::array({Error("parameter_invalid", "The request body is not valid JSON")}));
  }
  SECTION("an empty body") {
    CHECK(ErrorsOf(sandbox.Create(""))[0]["code"] == "parameter_invalid");
  }
  SECTION("a JSON array") {
    httplib::Result result = sandbox.Create("[1, 2]");
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(ErrorsOf(result) ==
          json::array({Error("parameter_invalid", "The request body must be a JSON object")}));
  }
}

TEST_CASE("Missing required fields answer 400 parameter_not_found naming each field",
          "[sandbox][validation]") {
  RunningSandbox sandbox;
  json request;
  json expected;
  SECTION("from and body") {
    request = json::object();
    expected = {Error("parameter_not_found", "from is required", "from"),
                Error("parameter_not_found", "body is required", "body")};
  }
  SECTION("from.type") {
    request = {{"from", {{"id", kAdaId}}}, {"body", "Hi"}};
    expected = {Error("parameter_not_found", "from.type is required", "from.type")};
  }
  SECTION("from.id") {
    request = {{"from", {{"type", "user"}}}, {"body", "Hi"}};
    expected = {Error("parameter_not_found", "from.id is required", "from.id")};
  }
  SECTION("body given as null") {
    request = {{"from", {{"type", "user"}, {"id", kAdaId}}}, {"body", nullptr}};
    expected = {Error("parameter_not_found", "body is required", "body")};
  }
  httplib::Result result = sandbox.CreateJson(request);
  REQUIRE(result);
  CHECK(result->status == 400);
  CHECK(ErrorsOf(result) == expected);
  CHECK(sandbox.server().Conversations().empty());
}

TEST_CASE("Fields of the wrong type or value answer 400 parameter_invalid naming the field",
          "[sandbox][validation]") {
  RunningSandbox sandbox;
  json request = {{"from", {{"type", "user"}, {"id", kAdaId}}}, {"body", "Hi"}};
  json expected;
  SECTION("from is not an object") {
    request["from"] = "user";
    expected = {Error("parameter_invalid", "from must be an object with type and id", "from")};
  }
  SECTION("from.type is not lead, user or contact") {
    request["from"]["type"] = "robot";
    expected = {Error("parameter_invalid", "from.type is \"robot\"; allowed: lead, user, contact",
                      "from.type")};
  }
  SECTION("from.id is not a string") {
    request["from"]["id"] = 42;
    expected = {
        Error("parameter_invalid", "from.id must be a non-empty string; got 42", "from.id")};
  }
  SECTION("body is empty") {
    request["body"] = "  ";
    expected = {
        Error("parameter_invalid", "body must be a string with text in it; got \"  \"", "body")};
  }
  SECTION("body is not a string") {
    request["body"] = json::array({"Hi"});
    expected = {
        Error("parameter_invalid", "body must be a string with text in it; got [\"Hi\"]", "body")};
  }
  SECTION("message_type is not one of Intercom's") {
    request["message_type"] = "twitter";
    expected = {Error("parameter_invalid",
                      "message_type is \"twitter\"; allowed: email, inapp, whatsapp, facebook, "
                      "sms",
                      "message_type")};
  }
  SECTION("subject is not a string") {
    request["subject"] = 7;
    expected = {Error("parameter_invalid", "subject must be a string; got 7", "subject")};
  }
  SECTION("attachment_urls is not an array") {
    request["attachment_urls"] = "https://example.com/a.png";
    expected = {Error("parameter_invalid",
                      "attachment_urls must be an array of URLs; got \"https://example.com/a.png\"",
                      "attachment_urls")};
  }
  SECTION("attachment_urls has more than 10 entries") {
    request["attachment_urls"] = json::array();
    for (int i = 0; i < 11; ++i) request["attachment_urls"].push_back("https://example.com/a.png");
    expected = {Error("parameter_invalid", "attachment_urls has 11 entries; at most 10 are allowed",
                      "attachment_urls")};
  }
  SECTION("an attachment is not an http(s) URL") {
    request["attachment_urls"] = {"https://example.com/a.png", "ftp://example.com/b.png", 3,
                                  "https://"};
    expected = {Error("parameter_invalid",
                      "attachment_urls[1] must be an http or https URL; got "
                      "\"ftp://example.com/b.png\"",
                      "attachment_urls[1]"),
                Error("parameter_invalid", "attachment_urls[2] must be an http or https URL; got 3",
                      "attachment_urls[2]"),
                Error("parameter_invalid",
                      "attachment_urls[3] must be an http or https URL; got \"https://\"",
                      "attachment_urls[3]")};
  }
  httplib::Result result = sandbox.CreateJson(request);
  REQUIRE(result);
  CHECK(result->status == 400);
  CHECK(ErrorsOf(result) == expected);
  CHECK(sandbox.server().Conversations().empty());
}

TEST_CASE("created_at must be whole, non-negative Unix seconds, else 400 parameter_invalid",
          "[sandbox][validation]") {
  RunningSandbox sandbox;
  json value;
  SECTION("text") { value = "1700000000"; }
  SECTION("a fraction") { value = 1.5; }
  SECTION("a negative number") { value = -1; }
  const json request = {
      {"from", {{"type", "user"}, {"id", kAdaId}}}, {"body", "Hi"}, {"created_at", value}};
  httplib::Result result = sandbox.CreateJson(request);
  REQUIRE(result);
  CHECK(result->status == 400);
  CHECK(ErrorsOf(result) ==
        json::array(
            {Error("parameter_invalid",
                   "created_at must be a whole number of UTC Unix seconds; got " + value.dump(),
                   "created_at")}));
}

TEST_CASE("Optional fields given as null count as absent", "[sandbox][validation]") {
  RunningSandbox sandbox;
  const json request = {{"from", {{"type", "lead"}, {"id", kLeadId}}},
                        {"body", "Hi"},
                        {"subject", nullptr},
                        {"message_type", nullptr},
                        {"created_at", nullptr},
                        {"attachment_urls", nullptr}};
  httplib::Result result = sandbox.CreateJson(request);
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(BodyOf(result)["message_type"] == "inapp");
}

TEST_CASE("A from naming no contact of that type answers 404 User Not Found", "[sandbox][create]") {
  RunningSandbox sandbox;
  json from;
  SECTION("an unknown id, as in Intercom's example") {
    from = {{"type", "user"}, {"id", "123_doesnt_exist"}};
  }
  SECTION("a user's id given as a lead") { from = {{"type", "lead"}, {"id", kAdaId}}; }
  SECTION("a lead's id given as a user") { from = {{"type", "user"}, {"id", kLeadId}}; }
  httplib::Result result = sandbox.CreateJson(json{{"from", from}, {"body", "Hi"}});
  REQUIRE(result);
  CHECK(result->status == 404);
  CHECK(ErrorsOf(result) == json::array({Error("not_found", "User Not Found")}));
  CHECK(sandbox.server().Conversations().empty());
}

TEST_CASE("A created conversation can be retrieved with GET /conversations/{id}",
          "[sandbox][retrieve]") {
  RunningSandbox sandbox;
  const json message =
      BodyOf(sandbox.CreateJson(json{{"from", {{"type", "contact"}, {"id", kLeadId}}},
                                     {"body", "Question"},
                                     {"attachment_urls", {"https://example.com/a.png"}}}));
  const std::string id = message["conversation_id"];

  SECTION("a known id answers the conversation") {
    httplib::Result result = sandbox.client().Get(("/conversations/" + id).c_str(), AuthHeaders());
    REQUIRE(result);
    CHECK(result->status == 200);
    const json conversation = BodyOf(result);
    CHECK(conversation["type"] == "conversation");
    CHECK(conversation["id"] == id);
    CHECK(conversation["created_at"] == message["created_at"]);
    CHECK(conversation["state"] == "open");
    CHECK(conversation["source"]["id"] == message["id"]);
    CHECK(conversation["source"]["body"] == "Question");
    CHECK(conversation["source"]["author"]["type"] == "lead");
    CHECK(conversation["source"]["author"]["id"] == kLeadId);
    CHECK(conversation["source"]["attachments"] ==
          json::array({{{"type", "upload"}, {"url", "https://example.com/a.png"}}}));
    CHECK(conversation["contacts"]["contacts"][0]["id"] == kLeadId);
  }

  SECTION("an unknown id answers 404 not_found") {
    httplib::Result result = sandbox.client().Get("/conversations/999999", AuthHeaders());
    REQUIRE(result);
    CHECK(result->status == 404);
    CHECK(ErrorsOf(result) == json::array({Error("not_found", "Resource Not Found")}));
  }

  SECTION("a token is required") {
    httplib::Result result = sandbox.client().Get(("/conversations/" + id).c_str());
    REQUIRE(result);
    CHECK(result->status == 401);
    CHECK(ErrorsOf(result) == json::array({Error("unauthorized", "Access Token Invalid")}));
  }
}

TEST_CASE("Unknown routes and methods answer 404 with an error.list", "[sandbox][routes]") {
  RunningSandbox sandbox;
  std::function<httplib::Result()> send = [&] {
    return sandbox.client().Get("/contacts", AuthHeaders());
  };
  SECTION("an unknown path") {}
  SECTION("a method the endpoint does not take") {
    send = [&]() -> httplib::Result {
      return sandbox.client().Put("/conversations", AuthHeaders(), kValidBody, "application/json");
    };
  }
  httplib::Result result = send();
  REQUIRE(result);
  CHECK(result->status == 404);
  CHECK(ErrorsOf(result) == json::array({Error("not_found", "Resource Not Found")}));
}

}  // namespace
}  // namespace wf::sandbox::testing

// How interpret() maps Intercom's answers to outputs and to errors.
#include <string>

#include <catch2/catch.hpp>

#include "interpret.h"
#include "plugin_test_util.h"

namespace wf::intercom {
namespace {

using testing::InterpretResponse;
using testing::Json;
using testing::PrepareRequest;

Json Request() {
  Json inputs = testing::MinimalInputs();
  inputs["from"]["id"] = "123_doesnt_exist";
  return PrepareRequest(inputs).at("request");
}

Json Response(int status, const std::string& body, Json headers = Json::object()) {
  return Json{{"status", status}, {"headers", std::move(headers)}, {"body", body}};
}

std::string ErrorList(const std::string& code, const std::string& message,
                      const std::string& request_id = "b68959ea-6328-4f70-83cb-e7913dba1542") {
  return Json{{"type", "error.list"},
              {"request_id", request_id},
              {"errors", {{{"code", code}, {"message", message}}}}}
      .dump();
}

Json ErrorOf(const Json& response) { return InterpretResponse(Request(), response).at("error"); }

TEST_CASE("a 200 with a message becomes the task's outputs", "[interpret]") {
  const std::string body =
      R"({"type":"user_message","id":"403918075","created_at":1736201609,)"
      R"("body":"Hello there","message_type":"inapp","conversation_id":"33"})";
  Json headers = {{"content-type", "application/json"}, {"x-request-id", "abc"}};
  Json result = InterpretResponse(Request(), Response(200, body, headers));
  CHECK(result == Json{{"outputs",
                        {{"message_id", "403918075"},
                         {"conversation_id", "33"},
                         {"created_at", 1736201609},
                         {"message_type", "inapp"},
                         {"type", "user_message"},
                         {"body", "Hello there"}}}});
  SECTION("the raw response is not echoed: the host adds what it received") {
    CHECK_FALSE(result.at("outputs").contains("response"));
  }
  SECTION("members Intercom leaves out are null; numeric ids become text") {
    Json outputs = InterpretResponse(Request(), Response(200, R"({"conversation_id":33})")).at("outputs");
    CHECK(outputs.at("conversation_id") == "33");
    CHECK(outputs.at("message_id").is_null());
    CHECK(outputs.at("created_at").is_null());
  }
}

TEST_CASE("Intercom's error lists become errors that say what to do", "[interpret]") {
  SECTION("401") {
    Json error = ErrorOf(Response(401, ErrorList("unauthorized", "Access Token Invalid"),
                                  {{"x-ratelimit-reset", "1700000000"}}));
    CHECK(error == Json::parse(R"({
        "kind": "unauthorized",
        "message": "Intercom refused the access token (401 unauthorized: Access Token Invalid); check the token and its workspace region",
        "status": 401, "codes": ["unauthorized"], "messages": ["Access Token Invalid"], "fields": [],
        "request_id": "b68959ea-6328-4f70-83cb-e7913dba1542", "retry": "never",
        "retry_at": null, "retry_after": null})"));
  }
  SECTION("403") {
    Json error = ErrorOf(Response(403, ErrorList("api_plan_restricted", "Active subscription needed.")));
    CHECK(error.at("kind") == "forbidden");
    CHECK(error.at("retry") == "never");
    CHECK(error.at("message") ==
          "Intercom did not allow this request (403 api_plan_restricted: Active subscription "
          "needed.); check the workspace's plan and the token's permissions");
  }
  SECTION("404 names the contact that was not found") {
    Json error = ErrorOf(Response(404, ErrorList("not_found", "User Not Found")));
    CHECK(error.at("kind") == "not_found");
    CHECK(error.at("retry") == "never");
    CHECK(error.at("message") ==
          "Intercom found no contact with from.id '123_doesnt_exist' for from.type 'user' (404 "
          "not_found: User Not Found); check that from.id is Intercom's id of a contact of that type");
  }
  SECTION("404 without an error list points at the URL") {
    Json error = ErrorOf(Response(404, "<html><body><h1>Not Found</h1></body></html>"));
    CHECK(error.at("kind") == "not_found");
    CHECK(error.at("message") ==
          "Intercom's API was not found at 'https://api.intercom.io/conversations' (404, non-JSON "
          "body: 'Not Found'); check base_url and region");
  }
  SECTION("400 without named parameters") {
    Json error = ErrorOf(Response(400, ErrorList("parameter_not_found", "from is required")));
    CHECK(error.at("kind") == "invalid");
    CHECK(error.at("retry") == "never");
    CHECK(error.at("message") ==
          "Intercom rejected the request's parameters (400 parameter_not_found: from is "
          "required); correct the inputs and send again");
  }
  SECTION("422 with named parameters and several errors") {
    const std::string body = R"({"type":"error.list","request_id":"r-1","errors":[
        {"code":"parameter_invalid","message":"Invalid timestamp","field":"created_at"},
        {"code":"parameter_invalid","message":null,"field":"attachment_urls"}]})";
    Json error = ErrorOf(Response(422, body));
    CHECK(error.at("kind") == "invalid");
    CHECK(error.at("codes") == Json{"parameter_invalid", "parameter_invalid"});
    CHECK(error.at("messages") == Json{"Invalid timestamp"});
    CHECK(error.at("fields") == Json{"created_at", "attachment_urls"});
    CHECK(error.at("request_id") == "r-1");
    CHECK(error.at("message") ==
          "Intercom rejected the parameters created_at, attachment_urls (422 parameter_invalid: "
          "Invalid timestamp; parameter_invalid); correct them and send again");
  }
}

TEST_CASE("5xx answers say whether the conversation may exist", "[interpret]") {
  const std::string check = "; check the contact's conversations in Intercom before retrying";
  SECTION("500 is an unknown outcome, never a safe retry") {
    Json error = ErrorOf(Response(500, ErrorList("server_error", "Server Error")));
    CHECK(error.at("kind") == "unknown_outcome");
    CHECK(error.at("retry") == "unknown_outcome");
    CHECK(error.at("message") ==
          "Intercom may or may not have created the conversation (500 server_error: Server Error)" + check);
  }
  SECTION("502 from a proxy, as HTML") {
    const std::string html =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
        "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    Json error = ErrorOf(Response(502, html));
    CHECK(error.at("kind") == "unknown_outcome");
    CHECK(error.at("retry") == "unknown_outcome");
    CHECK(error.at("codes") == Json::array());
    CHECK(error.at("message") ==
          "Intercom may or may not have created the conversation (502, non-JSON body: '502 Bad "
          "Gateway 502 Bad Gateway nginx')" + check);
  }
  SECTION("503 asks for backoff") {
    Json error = ErrorOf(Response(503, ""));
    CHECK(error.at("kind") == "unavailable");
    CHECK(error.at("retry") == "backoff");
    CHECK(error.at("retry_at").is_null());
    CHECK(error.at("message") ==
          "Intercom is temporarily unavailable (503, empty body); retry later, waiting longer "
          "after each attempt");
  }
  SECTION("503 with Retry-After") {
    Json error = ErrorOf(Response(503, "", {{"retry-after", "120"}}));
    CHECK(error.at("retry_after") == 120);
    CHECK(error.at("message") ==
          "Intercom is temporarily unavailable (503, empty body); wait 120 seconds (Retry-After) "
          "before retrying");
  }
  SECTION("504 as plain text, with the request id from the header") {
    Json error = ErrorOf(Response(504, "upstream request timeout", {{"x-request-id", "req-9"}}));
    CHECK(error.at("kind") == "unknown_outcome");
    CHECK(error.at("retry") == "unknown_outcome");
    CHECK(error.at("request_id") == "req-9");
    CHECK(error.at("message") ==
          "Intercom may or may not have created the conversation (504, non-JSON body: 'upstream "
          "request timeout')" + check);
  }
  SECTION("a long non-JSON body is cut to 80 characters") {
    Json error = ErrorOf(Response(500, std::string(100, 'z')));
    CHECK(error.at("message") == "Intercom may or may not have created the conversation (500, "
                                 "non-JSON body: '" + std::string(80, 'z') + "\u2026')" + check);
  }
}

TEST_CASE("a 2xx without a conversation_id is a bad response that may have created one",
          "[interpret]") {
  const std::string tail =
      "; the conversation may exist, so check the contact's conversations in Intercom before "
      "retrying";
  SECTION("JSON without conversation_id") {
    Json error = ErrorOf(Response(200, R"({"type":"user_message","id":"1"})"));
    CHECK(error.at("kind") == "bad_response");
    CHECK(error.at("retry") == "unknown_outcome");
    CHECK(error.at("message") == "Intercom answered without a conversation_id (200, body: "
                                 "'{\"type\":\"user_message\",\"id\":\"1\"}')" + tail);
  }
  SECTION("not JSON") {
    CHECK(ErrorOf(Response(201, "OK")).at("message") ==
          "Intercom answered without a conversation_id (201, non-JSON body: 'OK')" + tail);
  }
  SECTION("empty") {
    CHECK(ErrorOf(Response(204, "")).at("message") ==
          "Intercom answered without a conversation_id (204, empty body)" + tail);
  }
  SECTION("empty conversation_id") {
    CHECK(ErrorOf(Response(200, R"({"conversation_id":""})")).at("kind") == "bad_response");
  }
}

TEST_CASE("other statuses are plain HTTP errors", "[interpret]") {
  SECTION("409") {
    Json error = ErrorOf(Response(409, ErrorList("conflict", "Already exists")));
    CHECK(error.at("kind") == "http_error");
    CHECK(error.at("retry") == "never");
    CHECK(error.at("message") == "Intercom answered with an unexpected status (409 conflict: "
                                 "Already exists); see the response for details");
  }
  SECTION("a redirect names where it pointed") {
    Json error = ErrorOf(Response(301, "", {{"location", "https://api.intercom.io/conversations"}}));
    CHECK(error.at("kind") == "http_error");
    CHECK(error.at("message") ==
          "Intercom redirected the request (301, empty body) to "
          "'https://api.intercom.io/conversations'; check base_url, which must point at the API itself");
  }
}

// interpret_buffers given `head` as the response head and empty bodies.
Json ErrorOfHead(const char* head) {
  const wf_task& table = testing::TaskTable();
  wf_text none{sizeof(wf_text), 0, "", 0};
  return testing::TakeAnswer(table.interpret_buffers(&table, "{}", &none, head, &none)).at("error");
}

TEST_CASE("a malformed response from the host is an error, not a crash", "[interpret]") {
  const std::string expected = "plugin failed: interpret needs the response as {\"status\": integer, "
                               "\"headers\": object}; got ";
  CHECK(ErrorOfHead("\"x\"").at("message") == expected + "\"x\"");
  CHECK(ErrorOfHead(R"({"status":"200"})").at("message") == expected + "{\"status\":\"200\"}");
  CHECK(ErrorOfHead(R"({"status":200,"headers":1})").at("kind") == "plugin");
  CHECK(ErrorOfHead(R"({"status":42})").at("kind") == "plugin");
  CHECK(ErrorOfHead(R"({"status":200,"headers":null})").at("kind") == "bad_response");
  SECTION("a request without from still gives a message") {
    Json error = InterpretResponse(Json(nullptr), Response(404, ErrorList("not_found", "User Not Found")))
                     .at("error");
    CHECK(error.at("message") == "Intercom found no such contact (404 not_found: User Not Found); "
                                 "check that from.id is Intercom's id of a contact of that type");
  }
}

}  // namespace
}  // namespace wf::intercom

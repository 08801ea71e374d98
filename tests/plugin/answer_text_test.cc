// answer_text: the text fast paths of prepare and interpret write exactly what
// the reference functions (PrepareRequest, InterpretResponse) give, written
// by json_text::Write, for chosen and random inputs and answers.
#include "answer_text.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "interpret.h"
#include "plugin_test_util.h"
#include "prepare.h"
#include "wf/json_text.hpp"

namespace wf::intercom {
namespace {

using testing::Json;

// The fast path's text, or "throws: <what>".
template <typename Call>
std::string Outcome(Call call) {
  try {
    return call();
  } catch (const std::exception& e) {
    return std::string("throws: ") + e.what();
  }
}

void CheckPrepare(const Json& inputs) {
  INFO("inputs: " << inputs.dump());
  std::string expected = Outcome([&] { return json_text::Write(PrepareRequest(inputs)); });
  REQUIRE(Outcome([&] { return PrepareAnswerText(inputs); }) == expected);
}

void CheckInterpret(const Json& request, const std::string& response_text) {
  INFO("response: " << Json(response_text).dump(-1, ' ', true, Json::error_handler_t::replace));
  std::string expected = Outcome([&] {
    return json_text::Write(InterpretResponse(request, wf::plugin::ParseInput(response_text.c_str())));
  });
  REQUIRE(Outcome([&] { return InterpretAnswerText(request, response_text.c_str()); }) == expected);
}

std::string ResponseText(const Json& status, const Json& body, const Json& headers = Json::object()) {
  Json response = {{"status", status}, {"body", body}};
  if (!headers.is_discarded()) response["headers"] = headers;
  return response.dump();
}

TEST_CASE("prepare's text fast path writes what PrepareRequest gives", "[answer_text]") {
  std::vector<Json> inputs;
  Json minimal = testing::MinimalInputs();
  inputs.push_back(minimal);
  for (const auto& [path, value] :
       std::vector<std::pair<std::string, Json>>{{"message_type", "email"}, {"message_type", "inapp"},
                                                  {"subject", "Hello \"you\" \u00e9"}, {"created_at", 1671028894},
                                                  {"attachment_urls", {"https://a.example/x.png", "https://b.example/y"}},
                                                  {"intercom_version", "2.11"}, {"region", "eu"},
                                                  {"base_url", "http://127.0.0.1:8080/prefix"},
                                                  {"body", "<p>tags</p>\n\ttab \x01 \xF0\x9F\x98\x80"},
                                                  {"from.type", "user"}, {"from.id", "x\\y\"z"},
                                                  {"access_token", "tok \"quoted\""},
                                                  {"message_type", "robot"}, {"created_at", -5}, {"from.type", "bot"},
                                                  {"attachment_urls", Json::array()}, {"body", ""}, {"body", nullptr}}) {
    inputs.push_back(testing::With(path, value));
  }
  Json everything = minimal;
  everything["message_type"] = "email";
  everything["subject"] = "Hi";
  everything["created_at"] = 1;
  everything["attachment_urls"] = {"https://a.example/z"};
  inputs.push_back(everything);
  inputs.push_back(nullptr);
  inputs.push_back(Json::array());
  for (const Json& i : inputs) CheckPrepare(i);
}

TEST_CASE("interpret's text fast path writes what InterpretResponse gives", "[answer_text]") {
  Json request = PrepareRequest(testing::MinimalInputs()).at("request");
  const std::string message =
      R"({"type":"user_message","id":"403918075","created_at":1736201609,"body":"Hello there",)"
      R"("message_type":"inapp","conversation_id":"33"})";
  const std::string error_list =
      R"({"type":"error.list","request_id":"r-1","errors":[{"code":"not_found","message":"User Not Found"}]})";
  SECTION("chosen answers") {
    std::vector<Json> bodies = {message, error_list, "", "<html>502</html>", "not json", "[1,2]", "null",
                                R"({"conversation_id":33,"id":9,"created_at":1.5})",
                                R"({"conversation_id":"","id":"x"})", R"({"id":"x"})",
                                R"({"conversation_id":"7","conversation_id":"8","created_at":-0})",
                                R"({"conversation_id":"7","body":{"html":"<b>"},"type":true,"id":[1]})",
                                "\xEF\xBB\xBF{\"conversation_id\":\"bom\"}",
                                R"({"conversation_id":"\u00e9\ud83d\ude00\/","created_at":18446744073709551615})",
                                R"({"conversation_id":"7","created_at":1e3,"message_type":null})",
                                "{\"conversation_id\":\"7\" ", Json::object(), nullptr, 5};
    for (const Json& status : {Json(200), Json(201), Json(204), Json(299), Json(300), Json(302), Json(400),
                               Json(401), Json(404), Json(422), Json(429), Json(500), Json(503), Json(99),
                               Json(600), Json("200"), Json(200.0), Json(nullptr)}) {
      for (const Json& body : bodies) {
        CheckInterpret(request, ResponseText(status, body));
        CheckInterpret(request, ResponseText(status, body, Json(nullptr)));
        CheckInterpret(request, ResponseText(status, body, Json(Json::value_t::discarded)));  // no headers
        CheckInterpret(request, ResponseText(status, body, Json("x")));
        CheckInterpret(request, ResponseText(status, body, {{"x-request-id", "q"}, {"x-ratelimit-reset", "1700000000"}}));
      }
    }
    for (const char* text : {"", "{", "[]", "null", "{\"status\":200}", "{\"status\":200,\"body\":\"{}\"}",
                             "{\"body\":\"{\\\"conversation_id\\\":\\\"1\\\"}\",\"status\":200,\"status\":404}"}) {
      CheckInterpret(request, text);
    }
  }
  SECTION("random answers and near-misses of them") {
    std::mt19937 random(5);
    for (int round = 0; round < 5000; ++round) {
      std::string text = ResponseText(random() % 2 ? 200 : 404, random() % 2 ? message : error_list,
                                      {{"content-type", "application/json"}});
      for (int edits = static_cast<int>(random() % 3); edits > 0; --edits) {
        size_t at = random() % text.size();
        switch (random() % 3) {
          case 0: text[at] = "{}[]\",:\\ 0e.-7"[random() % 15]; break;
          case 1: text.erase(at, 1); break;
          default: text.insert(at, 1, text[at]); break;
        }
      }
      CheckInterpret(request, text);
    }
  }
}

}  // namespace
}  // namespace wf::intercom

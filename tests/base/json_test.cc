// base/json: the host's one JSON reader, and the small helpers beside it.
#include "base/json.h"

#include <catch2/catch.hpp>

#include <string>

namespace wf {
namespace {

TEST_CASE("ParseJson reads JSON with the fast reader and says where bad text stops", "[json]") {
  Result<Json> good = ParseJson(R"({"a":[1,2.5,"x"],"b":null})", "the body");
  REQUIRE(good.ok());
  CHECK(*good == Json{{"a", {1, 2.5, "x"}}, {"b", nullptr}});
  Result<Json> bad = ParseJson(R"({"a": tru})", "the body");
  CHECK(bad.status().message() == "the body: not valid JSON at byte 10");
  CHECK(ParseJson("", "the body").status().message() == "the body: not valid JSON at byte 1");
}

TEST_CASE("ParseJson refuses text nested past 512 levels without recursing into it", "[json]") {
  std::string deep(20000, '[');
  deep += std::string(20000, ']');
  CHECK(ParseJson(deep, "the body").status().message() ==
        "the body: not valid JSON (nested deeper than 512 levels, or a NUL byte outside a string)");
  std::string shallow(500, '[');
  shallow += std::string(500, ']');
  CHECK(ParseJson(shallow, "the body").ok());
}

TEST_CASE("TryParseJson tells JSON from other text, silently", "[json]") {
  Json value;
  CHECK(TryParseJson("[1]", &value));
  CHECK(value == Json{1});
  CHECK_FALSE(TryParseJson("<html>", &value));
}

TEST_CASE("IsTruthy and JsonTypeName speak as the workflow language does", "[json]") {
  for (const Json& falsy : {Json(false), Json(nullptr), Json(0), Json(""), Json::array(), Json::object()}) {
    CHECK_FALSE(IsTruthy(falsy));
  }
  CHECK(IsTruthy(Json("0")));
  CHECK(JsonTypeName(Json(3)) == "integer");
  CHECK(JsonTypeName(Json(3.5)) == "number");
}

}  // namespace
}  // namespace wf

#include "engine/json_writer.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <random>

namespace wf {
namespace {

std::string Nlohmann(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string Ours(const Json& value) {
  std::string out;
  AppendJson(value, &out);
  return out;
}

}  // namespace

TEST_CASE("The JSON writer writes what nlohmann's dump writes, byte for byte", "[json_writer]") {
  SECTION("every kind of value") {
    Json value = {{"null", nullptr}, {"yes", true}, {"no", false}, {"int", -9223372036854775807LL - 1},
                  {"unsigned", 18446744073709551615ULL}, {"float", 1.5}, {"whole float", 2.0},
                  {"tiny", 1e-300}, {"empty", Json::object()}, {"list", {1, "two", nullptr, Json::array()}},
                  {"text", "quote \" backslash \\ slash / tab \t nl \n cr \r bell \x07 del \x7f"},
                  {"unicode", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"}};
    CHECK(Ours(value) == Nlohmann(value));
    CHECK(DumpJson(value) == Nlohmann(value));
  }
  SECTION("every control character") {
    std::string all;
    for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
    CHECK(Ours(all) == Nlohmann(all));
  }
  SECTION("invalid UTF-8: one U+FFFD per invalid part, as nlohmann") {
    for (const char* bad : {"\x80", "a\xC0\xAFz", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xF5", "\xC3", "ab\xE2\x82", "\xE2\x82x", "\xF0\x9F\x98", "\xFF\xFE"}) {
      INFO("input: " << Json(std::string(bad)).dump(-1, ' ', true, Json::error_handler_t::replace));
      CHECK(Ours(std::string(bad)) == Nlohmann(std::string(bad)));
    }
  }
  SECTION("random bytes, biased towards UTF-8 lead and continuation bytes") {
    std::mt19937 random(20261125);
    const unsigned char interesting[] = {0x00, 0x1f, 0x22, 0x5c, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf,
                                         0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f};
    for (int round = 0; round < 20000; ++round) {
      std::string text;
      int length = static_cast<int>(random() % 12);
      for (int i = 0; i < length; ++i) {
        text.push_back(static_cast<char>(random() % 2 ? interesting[random() % sizeof interesting]
                                                      : random() % 256));
      }
      Json value = {{"k" + text, text}};
      REQUIRE(Ours(value) == Nlohmann(value));
    }
  }
}

TEST_CASE("The JSON writer can leave one member out of an object", "[json_writer]") {
  Json request = {{"method", "POST"}, {"headers", {{"Authorization", "Bearer x"}}}, {"url", "http://h/"}};
  std::string out;
  AppendJsonObjectWithout(request, "headers", &out);
  CHECK(out == R"({"method":"POST","url":"http://h/"})");
  out.clear();
  AppendJsonObjectWithout(Json("text"), "headers", &out);
  CHECK(out == R"("text")");
}

}  // namespace wf

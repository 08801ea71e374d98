// json_text: the per-step JSON writer and reader, held to nlohmann's own
// behaviour byte for byte and value for value, over chosen and random input.
#include "wf/json_text.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace wf::json_text {
namespace {

std::string Nlohmann(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// What nlohmann makes of `text`: the value, or discarded when it is not JSON.
Json NlohmannParse(const std::string& text) { return Json::parse(text, nullptr, false); }

void CheckSameParse(const std::string& text) {
  INFO("text: " << Json(text).dump(-1, ' ', true, Json::error_handler_t::replace));
  Json expected = NlohmannParse(text);
  Json ours;
  bool ok = Parse(text, &ours);
  REQUIRE(ok == !expected.is_discarded());
  if (ok) {
    REQUIRE(ours == expected);
    REQUIRE(ours.type() == expected.type());
    REQUIRE(Write(ours) == Nlohmann(expected));
  }
}

// Random bytes, biased towards the ones JSON and UTF-8 treat specially.
std::string RandomBytes(std::mt19937& random, int max_length) {
  const unsigned char interesting[] = {0x00, 0x1f, 0x22, 0x5c, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0,
                                       0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f};
  std::string text;
  int length = static_cast<int>(random() % (max_length + 1));
  for (int i = 0; i < length; ++i) {
    text.push_back(static_cast<char>(random() % 2 ? interesting[random() % sizeof interesting] : random() % 256));
  }
  return text;
}

// A random JSON document as text, and then, half of the time, one byte of it
// replaced, dropped or doubled, so that near-misses are tried as well.
std::string RandomDocument(std::mt19937& random, int depth = 0) {
  const char* scalars[] = {"0", "-0", "1", "-1", "12.5e3", "1E-2", "-0.0", "18446744073709551615",
                           "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
                           "1e400", "1e-400", "true", "false", "null", "\"\"", "\"a\\u00e9\\ud83d\\ude00b\"",
                           "\"\\ud800\"", "\"\\udc00x\"", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "01", "1.", ".5",
                           "+1", "\"caf\xC3\xA9\"", "\"\xE0\x80\x80\"", "\"tab\there\"", "nul", "tru"};
  int pick = static_cast<int>(random() % 10);
  if (depth > 4 || pick < 5) return scalars[random() % (sizeof scalars / sizeof scalars[0])];
  std::string out;
  int count = static_cast<int>(random() % 4);
  if (pick < 8) {
    out = "{";
    for (int i = 0; i < count; ++i) {
      out += (i ? "," : "") + std::string(random() % 2 ? " " : "") + "\"k" + std::to_string(random() % 3) +
             "\" : " + RandomDocument(random, depth + 1);
    }
    return out + (random() % 2 ? " }" : "}");
  }
  out = "[";
  for (int i = 0; i < count; ++i) out += (i ? ", " : "") + RandomDocument(random, depth + 1);
  return out + "]";
}

TEST_CASE("The JSON writer writes what nlohmann's dump writes, byte for byte", "[json_text]") {
  SECTION("every kind of value") {
    Json value = {{"null", nullptr}, {"yes", true}, {"no", false}, {"int", -9223372036854775807LL - 1},
                  {"unsigned", 18446744073709551615ULL}, {"float", 1.5}, {"whole float", 2.0},
                  {"tiny", 1e-300}, {"empty", Json::object()}, {"list", {1, "two", nullptr, Json::array()}},
                  {"text", "quote \" backslash \\ slash / tab \t nl \n cr \r bell \x07 del \x7f"},
                  {"unicode", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"}};
    CHECK(Write(value) == Nlohmann(value));
  }
  SECTION("every control character") {
    std::string all;
    for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
    CHECK(Write(all) == Nlohmann(all));
  }
  SECTION("invalid UTF-8: one U+FFFD per invalid part, as nlohmann") {
    for (const char* bad : {"\x80", "a\xC0\xAFz", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xF5", "\xC3", "ab\xE2\x82", "\xE2\x82x", "\xF0\x9F\x98", "\xFF\xFE"}) {
      INFO("input: " << Json(std::string(bad)).dump(-1, ' ', true, Json::error_handler_t::replace));
      CHECK(Write(std::string(bad)) == Nlohmann(std::string(bad)));
    }
  }
  SECTION("random bytes as keys and values") {
    std::mt19937 random(20261125);
    for (int round = 0; round < 20000; ++round) {
      std::string text = RandomBytes(random, 12);
      Json value = {{"k" + text, text}};
      REQUIRE(Write(value) == Nlohmann(value));
    }
  }
}

TEST_CASE("The JSON writer can leave one member out of an object", "[json_text]") {
  Json request = {{"method", "POST"}, {"headers", {{"Authorization", "Bearer x"}}}, {"url", "http://h/"}};
  std::string out;
  AppendObjectWithout(request, "headers", &out);
  CHECK(out == R"({"method":"POST","url":"http://h/"})");
  out.clear();
  AppendObjectWithout(Json("text"), "headers", &out);
  CHECK(out == R"("text")");
}

TEST_CASE("The JSON reader accepts and builds what nlohmann's parse does", "[json_text]") {
  SECTION("chosen documents, valid and not") {
    for (const char* text :
         {"{}", "[]", " { \"a\" : [1, -2, 3.5, true, false, null, \"x\"] } ", "\"\\u0041\\u00e9\"",
          "{\"a\":1,\"a\":2}", "\xEF\xBB\xBF{\"bom\":true}", "\xEF\xBB{}", "", " ", "{", "[1,]", "{\"a\":1,}",
          "{a:1}", "[1 2]", "\"unterminated", "\"\\x\"", "\"\\u12\"", "\"\\uD83D\\uDE00\"", "\"\\uD83D\"",
          "\"\\uDE00\"", "\"\\uD83Dx\"", "1e400", "-1e400", "1e-400", "0.1", "123456789012345678901234567890",
          "-", "--1", "1e", "1e+", "1.e5", "[\"\x01\"]", "\"\x7f\"", "tru", "nulll", "[1]x", "\t\r\n[]\t\r\n"}) {
      CheckSameParse(text);
    }
  }
  SECTION("random documents and near-misses") {
    std::mt19937 random(7);
    for (int round = 0; round < 20000; ++round) {
      std::string text = RandomDocument(random);
      if (random() % 2 && !text.empty()) {
        size_t at = random() % text.size();
        switch (random() % 3) {
          case 0: text[at] = "{}[]\",:\\ 0e.-\x80\xC3"[random() % 16]; break;
          case 1: text.erase(at, 1); break;
          default: text.insert(at, 1, text[at]); break;
        }
      }
      if (text.find('\0') != std::string::npos) continue;  // see the next test case
      CheckSameParse(text);
    }
  }
  SECTION("random bytes inside a string") {
    std::mt19937 random(11);
    for (int round = 0; round < 20000; ++round) {
      std::string text = "[\"" + RandomBytes(random, 10) + "\"]";
      if (text.find('\0') != std::string::npos) continue;
      CheckSameParse(text);
    }
  }
}

// What VisitObject reports, put back together: the object Parse would build.
bool Visited(const std::string& text, Json* out) {
  *out = Json::object();
  bool values_ok = true;
  bool ok = VisitObject(text, [&](const std::string& key, std::string_view value_text) {
    Json value;
    values_ok = values_ok && Parse(value_text, &value);
    (*out)[key] = std::move(value);  // the last of repeated keys wins, as in Parse
  });
  return ok && values_ok;
}

TEST_CASE("Validate, VisitObject and ReadString agree with Parse", "[json_text]") {
  std::mt19937 random(23);
  int objects = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = RandomDocument(random);
    if (random() % 3 == 0 && !text.empty()) text.erase(random() % text.size(), 1);
    if (text.find('\0') != std::string::npos) continue;
    INFO("text: " << Json(text).dump(-1, ' ', true, Json::error_handler_t::replace));
    Json parsed;
    bool ok = Parse(text, &parsed);
    REQUIRE(Validate(text) == ok);
    Json visited;
    bool visit_ok = Visited(text, &visited);
    REQUIRE(visit_ok == (ok && parsed.is_object()));
    if (visit_ok) {
      ++objects;
      REQUIRE(visited == parsed);
    }
    std::string unescaped;
    REQUIRE(ReadString(text, &unescaped) == (ok && parsed.is_string() && text[0] == '"'));
    if (ok && parsed.is_string() && text[0] == '"') REQUIRE(unescaped == parsed.get<std::string>());
  }
  CHECK(objects > 1000);  // the walk met enough objects to mean something
  SECTION("values come exactly as written") {
    std::vector<std::string> seen;
    CHECK(VisitObject(R"( {"a" : 1.50 , "b":"x\u00e9","c":[1, {"d":null}]} )",
                      [&](const std::string& key, std::string_view value) { seen.push_back(key + "=" + std::string(value)); }));
    CHECK(seen == std::vector<std::string>{"a=1.50", "b=\"x\\u00e9\"", "c=[1, {\"d\":null}]"});
  }
}

TEST_CASE("The JSON reader is stricter than nlohmann about depth and NUL bytes", "[json_text]") {
  Json value;
  SECTION("nesting up to kMaxDepth is read; deeper is refused, never a stack overflow") {
    std::string deep = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
    CHECK(Parse(deep, &value));
    std::string deeper = std::string(kMaxDepth + 1, '[') + std::string(kMaxDepth + 1, ']');
    CHECK_FALSE(Parse(deeper, &value));
    CHECK_FALSE(Parse(std::string(1000000, '['), &value));
  }
  SECTION("a NUL byte outside a string ends nothing: the text is not JSON") {
    CHECK_FALSE(Parse(std::string("{}\0junk", 7), &value));
    CHECK_FALSE(NlohmannParse(std::string("{}\0junk", 7)).is_discarded());  // nlohmann stops at it
    CHECK_FALSE(Parse(std::string("[\"a\0b\"]", 7), &value));               // and a raw control byte
  }
}

}  // namespace
}  // namespace wf::json_text

// yaml_json: YAML text to typed JSON with positions, and the limits that make
// hostile input fail cleanly with a message instead of a crash or a hang.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "engine/yaml_json.h"
#include "engine_test_support.h"

namespace wf {
namespace {

Json Parse(const std::string& text, SourceMap* map = nullptr) {
  Result<Json> value = YamlToJson(text, "t.yaml", map);
  INFO(value.status().message());
  REQUIRE(value.ok());
  return *value;
}

std::string ParseError(const std::string& text, const YamlLimits& limits = {}) {
  Result<Json> value = YamlToJson(text, "t.yaml", nullptr, limits);
  REQUIRE_FALSE(value.ok());
  CHECK(value.status().code() == StatusCode::kInvalid);
  return value.status().message();
}

TEST_CASE("Plain scalars are typed by YAML 1.2's core schema and quoted scalars stay text") {
  SECTION("plain") {
    Json v = Parse("i: 10\nn: -3\nf: 1.5\ne: 2e3\nt: true\nF: False\nz: null\nt2: ~\nempty:\n"
                   "yes_word: yes\nword: hello\nzip: 01234\n");
    CHECK(v["i"] == 10);
    CHECK(v["n"] == -3);
    CHECK(v["f"] == 1.5);
    CHECK(v["e"] == 2000.0);
    CHECK(v["t"] == true);
    CHECK(v["F"] == false);
    CHECK(v["z"].is_null());
    CHECK(v["t2"].is_null());
    CHECK(v["empty"].is_null());
    CHECK(v["yes_word"] == "yes");  // YAML 1.1's yes/no are text in 1.2
    CHECK(v["word"] == "hello");
    CHECK(v["zip"] == 1234);
  }
  SECTION("quoted") {
    Json v = Parse("i: \"10\"\nt: 'true'\nz: \"null\"\nempty: \"\"\n");
    CHECK(v["i"] == "10");
    CHECK(v["t"] == "true");
    CHECK(v["z"] == "null");
    CHECK(v["empty"] == "");
  }
  SECTION("explicit tags") {
    Json v = Parse("s: !!str 10\ni: !!int 7\n");
    CHECK(v["s"] == "10");
    CHECK(v["i"] == 7);
    CHECK(ParseError("i: !!int abc\n") == "t.yaml:1:4: 'abc' is not an integer");
  }
  SECTION("an integer too large for 64 bits becomes a number, not an error") {
    CHECK(Parse("n: 123456789012345678901234\n")["n"].is_number_float());
  }
  SECTION("flow collections and block lists") {
    Json v = Parse("m: { a: 1, b: [x, \"2\"] }\nl:\n  - 1\n  - two\n");
    CHECK(v == Json::parse(R"({"m": {"a": 1, "b": ["x", "2"]}, "l": [1, "two"]})"));
  }
}

TEST_CASE("Every node's line and column are kept, 1-based") {
  SourceMap map;
  Parse("name: x\nsteps:\n  - id: a\n    with: { from: { type: lead }, body: \"hi\" }\n", &map);
  auto at = [&](const std::string& path) {
    const SourcePosition& p = map.positions.at(path);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  CHECK(map.file == "t.yaml");
  CHECK(at("name") == "1:7");
  CHECK(at("steps[0]") == "3:5");
  CHECK(at("steps[0].id") == "3:9");
  CHECK(at("steps[0].with") == "4:11");
  CHECK(at("steps[0].with.from.type") == "4:27");
  CHECK(at("steps[0].with.body") == "4:41");
  CHECK(map.positions.at("steps[0].with.body").quoted);
  CHECK_FALSE(map.positions.at("steps[0].with.from.type").quoted);

  SECTION("Where falls back to the closest known parent") {
    CHECK(map.Where("steps[0].with.from.nothing") == "t.yaml:4:19");
    CHECK(map.Where("steps[7]") == "t.yaml:3:3");  // the list itself
  }
  SECTION("WhereKey points at the key, whose value may start on another line") {
    CHECK(map.WhereKey("steps[0].with") == "t.yaml:4:5");
    CHECK(map.WhereKey("steps") == "t.yaml:2:1");
    CHECK(map.WhereKey("steps[0]") == "t.yaml:3:5");
  }
  SECTION("a key with no value points at the key") {
    SourceMap empty;
    Parse("a:\n  b:\n", &empty);
    CHECK(empty.Where("a.b") == "t.yaml:2:3");
  }
}

TEST_CASE("Where finds a ${ inside a value in flow, quoted, escaped, multi-byte and block text") {
  SourceMap map;
  Parse("a: { x: \"caf\xC3\xA9 ${workflow.input.n}\", y: 1 }\n"
        "b: |\n  line one\n  then ${open.output.id} and $${lit} ${z}\n"
        "c: \"tab\\there ${q}\"\n"
        "d: 'it''s ${w}'\n"
        "e: plain ${p}\n", &map);
  CHECK(map.Where("a.x", "caf\xC3\xA9 ${workflow.input.n}", 6) == "t.yaml:1:15");
  CHECK(map.Where("a.y") == "t.yaml:1:40");  // characters, not bytes
  std::string block = "line one\nthen ${open.output.id} and $${lit} ${z}\n";
  CHECK(map.Where("b", block, 14) == "t.yaml:4:8");
  CHECK(map.Where("b", block, 44) == "t.yaml:4:38");
  CHECK(map.Where("c", "tab\there ${q}", 9) == "t.yaml:5:15");
  CHECK(map.Where("d", "it's ${w}", 5) == "t.yaml:6:11");
  CHECK(map.Where("e", "plain ${p}", 6) == "t.yaml:7:10");
  SECTION("an offset that is not at a ${ falls back to the value") {
    CHECK(map.Where("e", "plain ${p}", 0) == "t.yaml:7:4");
  }
}

TEST_CASE("Hostile YAML is refused with a clear message, never a crash or a hang") {
  auto start = std::chrono::steady_clock::now();
  SECTION("an alias bomb (billion laughs)") {
    std::string bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    std::string previous = "a";
    for (char name = 'b'; name <= 'j'; ++name) {
      bomb += std::string(1, name) + ": &" + name + " [";
      for (int i = 0; i < 9; ++i) bomb += (i ? ", *" : "*") + previous;
      bomb += "]\n";
      previous = std::string(1, name);
    }
    CHECK(ParseError(bomb) ==
          "t.yaml:1:13: the document has more than 100000 values (after expanding aliases); "
          "refusing it");
  }
  SECTION("10,000 nested flow lists") {
    std::string deep = std::string(10000, '[') + std::string(10000, ']');
    CHECK(ParseError(deep) == "t.yaml:1:66: nesting deeper than 64 levels; refusing it");
  }
  SECTION("10,000 nested flow mappings") {
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "{a: ";
    deep += "1" + std::string(10000, '}');
    CHECK(ParseError(deep) == "t.yaml:1:261: nesting deeper than 64 levels; refusing it");
  }
  SECTION("10,000 nested block lists on one line") {
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "- ";
    CHECK(ParseError(deep + "x\n") == "t.yaml:1:131: nesting deeper than 64 levels; refusing it");
  }
  SECTION("a value just past the limit, and a document just within it") {
    std::string deep = std::string(65, '[') + "x" + std::string(65, ']');
    CHECK(ParseError(deep) == "t.yaml:1:66: nesting deeper than 64 levels; refusing it");
    Parse(std::string(64, '[') + "x" + std::string(64, ']'));
  }
  SECTION("a 50 MB scalar is refused before it is parsed") {
    std::string huge = "body: " + std::string(50 * 1024 * 1024, 'x') + "\n";
    CHECK(ParseError(huge) == "t.yaml: 52428807 bytes; allowed: at most 4194304");
  }
  SECTION("a 2 MB scalar in a document under the size limit") {
    std::string big = "body: " + std::string(2 * 1024 * 1024, 'x') + "\n";
    CHECK(ParseError(big) == "t.yaml:1:7: a value of 2097152 bytes; allowed: at most 1048576");
  }
  SECTION("invalid UTF-8") {
    CHECK(ParseError("name: caf\xC3\x28\n") == "t.yaml:1:10: invalid UTF-8; allowed: UTF-8 text");
    CHECK(ParseError("a: ok\nb: \xE9t\xE9\n") == "t.yaml:2:4: invalid UTF-8; allowed: UTF-8 text");
    CHECK(ParseError("a: \xC0\xAF\n") == "t.yaml:1:4: invalid UTF-8; allowed: UTF-8 text");
    CHECK(ParseError("a: \xED\xA0\x80\n") == "t.yaml:1:4: invalid UTF-8; allowed: UTF-8 text");
    CHECK(ParseError("a: \xF0\x9F\x98") == "t.yaml:1:4: invalid UTF-8; allowed: UTF-8 text");
    CHECK(Parse("a: caf\xC3\xA9 \xF0\x9F\x98\x80\n")["a"] == "caf\xC3\xA9 \xF0\x9F\x98\x80");
  }
  SECTION("a NUL byte") {
    CHECK(ParseError(std::string("a: 1\nb: x\0y\n", 12)) == "t.yaml:2:5: a NUL byte; allowed: UTF-8 text");
  }
  SECTION("an alias inside its own anchor") {
    CHECK(ParseError("a: &a [1, *a]\n") == "t.yaml:1:8: nesting deeper than 64 levels; refusing it");
    CHECK(ParseError("a: &a {b: *a}\n") == "t.yaml:1:4: nesting deeper than 64 levels; refusing it");
  }
  SECTION("an alias to no anchor") {
    CHECK(ParseError("a: *nothing\n") == "t.yaml:1:4: not valid YAML: the referenced anchor is not defined");
  }
  SECTION("a second document is not silently dropped") {
    CHECK(ParseError("---\na: 1\n---\nb: 2\n") ==
          "t.yaml:3:1: a second YAML document; allowed: one document per file");
    CHECK(Parse("---\na: 1\n...\n") == Json{{"a", 1}});
  }
  SECTION("duplicate keys") {
    CHECK(ParseError("a: 1\nb: 2\na: 3\n") == "t.yaml:3:1: duplicate key 'a'");
    CHECK(ParseError("m: { x: 1, x: 2 }\n") == "t.yaml:1:12: duplicate key 'x'");
  }
  SECTION("a key that is not text") {
    CHECK(ParseError("? [a, b]\n: 1\n") == "t.yaml:1:3: a key must be plain text");
  }
  SECTION("broken syntax") {
    CHECK(ParseError("a: [1, 2\n") == "t.yaml:2:1: not valid YAML: end of sequence flow not found");
    CHECK(ParseError("a: b: c\n") ==
          "t.yaml:1:5: not valid YAML: illegal map value");
  }
  SECTION("an unquoted expression inside a flow mapping gets a hint") {
    CHECK(ParseError("with: { url: ${workflow.input.u} }\n") ==
          "t.yaml:1:15: not valid YAML: end of map flow not found (inside { } or [ ], put a value that "
          "uses ${...} in quotes: \"${...}\")");
  }
  SECTION("custom limits") {
    YamlLimits limits;
    limits.max_nodes = 3;
    CHECK(ParseError("[1, 2, 3]", limits) ==
          "t.yaml:1:8: the document has more than 3 values (after expanding aliases); refusing it");
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("A file is read with the same limits, and a large one is refused unread") {
  test::TempDir dir;
  SECTION("missing") {
    Result<Json> value = YamlFileToJson(dir.File("none.yaml"), nullptr);
    CHECK(value.status().code() == StatusCode::kNotFound);
    CHECK(value.status().message() == dir.File("none.yaml") + ": no such file");
  }
  SECTION("a folder") {
    CHECK(YamlFileToJson(dir.path(), nullptr).status().message() ==
          dir.path() + ": is a folder, not a file");
  }
  SECTION("too large") {
    std::string path = test::WriteFile(dir.File("big.yaml"), std::string(5 * 1024 * 1024, '#'));
    CHECK(YamlFileToJson(path, nullptr).status().message() ==
          path + ": 5242880 bytes; allowed: at most 4194304");
  }
  SECTION("fine") {
    SourceMap map;
    std::string path = test::WriteFile(dir.File("ok.yaml"), "a: [1]\n");
    Result<Json> value = YamlFileToJson(path, &map);
    REQUIRE(value.ok());
    CHECK(*value == Json::parse(R"({"a": [1]})"));
    CHECK(map.Where("a[0]") == path + ":1:5");
  }
}

}  // namespace
}  // namespace wf

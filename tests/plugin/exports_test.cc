// The plugin library exports exactly one function: wf_plugin_entry.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

struct Symbol {
  char type;
  std::string name;
};

// The defined dynamic symbols of `library`, as `nm -D --defined-only` lists them.
std::vector<Symbol> DefinedDynamicSymbols(const std::string& library) {
  std::string command = "nm -D --defined-only '" + library + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  INFO(output);
  REQUIRE(status == 0);
  std::vector<Symbol> symbols;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    // "<address> <type> <name>", e.g. "000000000000dcd0 T wf_plugin_entry".
    std::istringstream fields(line);
    std::string address, type, name;
    fields >> address >> type >> name;
    INFO(line);
    REQUIRE(type.size() == 1);
    REQUIRE_FALSE(name.empty());
    symbols.push_back({type[0], name});
  }
  return symbols;
}

// Markers the linker may add to any shared object; they are not code.
bool IsLinkerMarker(const std::string& name) {
  return name == "_init" || name == "_fini" || name == "__bss_start" || name == "_edata" ||
         name == "_end";
}

TEST_CASE("the plugin library exports only wf_plugin_entry", "[abi][exports]") {
  std::vector<Symbol> symbols = DefinedDynamicSymbols(WF_BINARY_DIR "/lib/libwf_intercom.so");
  std::vector<std::string> code;
  std::vector<std::string> other;
  for (const Symbol& symbol : symbols) {
    // T/t: text; W/w, V/v: weak (inline C++ functions and objects); i: ifuncs; u: unique.
    bool is_code = symbol.type == 'T' || symbol.type == 't' || symbol.type == 'i';
    if (is_code) {
      code.push_back(symbol.name);
    } else if (!IsLinkerMarker(symbol.name)) {
      other.push_back(std::string(1, symbol.type) + " " + symbol.name);
    }
  }
  // The version script (exports.map) hides everything else, weak C++ symbols included.
  CHECK(code == std::vector<std::string>{"wf_plugin_entry"});
  CHECK(other.empty());
}

}  // namespace

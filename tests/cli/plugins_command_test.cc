// `wf plugins`: the manifests found beside the binary and their tasks.
#include <catch2/catch.hpp>

#include <string>

#include "base/json.h"
#include "cli/wf_process.h"
#include "engine/engine_test_support.h"

namespace wf {
namespace {

TEST_CASE("wf plugins lists the Intercom plugin of the build tree and the built-in tasks") {
  test::WfResult result = test::RunWf({"plugins"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("intercom 0.1.0 (ABI 1.1)\n  manifest: " WF_BINARY_DIR "/lib/intercom.manifest\n", 0) == 0);
  CHECK(result.out.find("  task intercom.create_conversation     Intercom: Create Conversation\n") !=
        std::string::npos);
  CHECK(result.out.find("built-in tasks: http, set\n") != std::string::npos);

  SECTION("--json, and a broken manifest on WF_PLUGIN_PATH") {
    test::TempDir dir;
    std::string broken = test::WriteFile(dir.File("broken.manifest"), "name: [\n");
    test::WfOptions options;
    options.env["WF_PLUGIN_PATH"] = dir.path();
    test::WfResult listed = test::RunWf({"plugins", "--json"}, options);
    CHECK(listed.exit_code == 1);
    Json json = Json::parse(listed.out);
    CHECK(json["search_path"][0] == dir.path());
    CHECK(json["plugins"][0]["name"] == "intercom");
    CHECK(json["plugins"][0]["tasks"][0]["loaded"] == true);
    CHECK(json["problems"] == Json{broken + ":2:1: not valid YAML: end of sequence flow not found"});
  }
  SECTION("arguments are bad usage") {
    test::WfResult bad = test::RunWf({"plugins", "extra"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "wf: plugins takes no arguments\nusage: wf plugins [--json]\n");
  }
}

TEST_CASE("wf allocates with mimalloc unless it was built without it") {
  test::WfOptions options;
  options.env["MIMALLOC_VERBOSE"] = "1";
  test::WfResult result = test::RunWf({"plugins"}, options);
  CHECK(result.exit_code == 0);
  bool mimalloc = result.err.find("mimalloc: process init") != std::string::npos;
  CHECK(mimalloc == static_cast<bool>(WF_MIMALLOC));
}

}  // namespace
}  // namespace wf

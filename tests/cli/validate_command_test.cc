// `wf validate`: every example workflow passes; problems are listed with their
// positions and exit 2.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/wf_process.h"
#include "engine/engine_test_support.h"

namespace wf {
namespace {

std::vector<std::string> ExampleWorkflows() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(WF_SOURCE_DIR "/workflows")) {
    if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("Every workflow in workflows/ validates") {
  std::vector<std::string> files = ExampleWorkflows();
  REQUIRE(files.size() >= 2);
  for (const std::string& file : files) {
    test::WfResult result = test::RunWf({"validate", file});
    INFO(file << "\n" << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out.rfind(file + ": ok (workflow '", 0) == 0);
  }
  std::vector<std::string> all = {"validate"};
  all.insert(all.end(), files.begin(), files.end());
  CHECK(test::RunWf(all).exit_code == 0);
}

TEST_CASE("wf validate lists every problem of every file and exits 2") {
  test::TempDir dir;
  std::string good = test::WriteFile(dir.File("good.yaml"), "name: good\nsteps:\n  - { id: a, task: set }\n");
  std::string bad = test::WriteFile(dir.File("bad.yaml"),
                                    "name: bad\nsteps:\n  - { id: a, task: set }\n  - { id: a, task: htp }\n");
  test::WfResult result = test::RunWf({"validate", bad, good, dir.File("none.yaml")});
  CHECK(result.exit_code == 2);
  CHECK(result.out == good + ": ok (workflow 'good', 1 step)\n");
  CHECK(result.err == bad + ":4:11: duplicate step id 'a'\n" + bad + ":4:20: unknown task 'htp'\n" +
                          dir.File("none.yaml") + ": no such file\n");
  SECTION("no files is bad usage") {
    test::WfResult none = test::RunWf({"validate"});
    CHECK(none.exit_code == 2);
    CHECK(none.err == "wf: validate needs at least one workflow file\nusage: wf validate FILE...\n");
  }
}

}  // namespace
}  // namespace wf

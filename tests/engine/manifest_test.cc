// manifest: plugin manifests read without loading any library, and the
// folders searched for them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "engine/manifest.h"
#include "engine_test_support.h"

namespace wf {
namespace {

const char* kGood =
    "manifest_version: 1\n"
    "name: demo\n"
    "version: 0.3.1\n"
    "abi_version: \"1.0\"\n"
    "library: libs/libdemo.so\n"
    "description: A demo plugin.\n"
    "tasks:\n"
    "  - { id: demo.one, title: \"Demo: One\", category: Demo }\n"
    "  - { id: demo.two, title: \"Demo: Two\" }\n";

std::string Problems(const test::TempDir& dir, const std::string& text) {
  std::string path = test::WriteFile(dir.File("p.manifest"), text);
  Result<Manifest> manifest = ReadManifest(path);
  REQUIRE_FALSE(manifest.ok());
  CHECK(manifest.status().code() == StatusCode::kInvalid);
  return manifest.status().message();
}

TEST_CASE("A manifest is read into its fields, with the library beside the manifest") {
  test::TempDir dir;
  std::string path = test::WriteFile(dir.File("demo.manifest"), kGood);
  Result<Manifest> manifest = ReadManifest(path);
  INFO(manifest.status().message());
  REQUIRE(manifest.ok());
  CHECK(manifest->path == path);
  CHECK(manifest->name == "demo");
  CHECK(manifest->version == "0.3.1");
  CHECK(manifest->abi_major == 1);
  CHECK(manifest->abi_minor == 0);
  CHECK(manifest->library == dir.File("libs/libdemo.so"));
  CHECK(manifest->description == "A demo plugin.");
  REQUIRE(manifest->tasks.size() == 2);
  CHECK(manifest->tasks[0].id == "demo.one");
  CHECK(manifest->tasks[0].title == "Demo: One");
  CHECK(manifest->tasks[0].category == "Demo");
  CHECK(manifest->tasks[1].category.empty());

  SECTION("an absolute library path is kept") {
    std::string text = kGood;
    text.replace(text.find("libs/libdemo.so"), 15, "/opt/x/../lib/libdemo.so");
    CHECK(ReadManifest(test::WriteFile(dir.File("abs.manifest"), text))->library == "/opt/lib/libdemo.so");
  }
}

TEST_CASE("A manifest with problems is refused with every problem and its position") {
  test::TempDir dir;
  std::string p = dir.File("p.manifest");
  SECTION("missing keys") {
    CHECK(Problems(dir, "description: nothing else\n") ==
          p + ":1:1: missing 'manifest_version'\n" + p + ":1:1: missing 'name'\n" + p +
              ":1:1: missing 'version'\n" + p + ":1:1: missing 'abi_version'\n" + p +
              ":1:1: missing 'library'\n" + p + ":1:1: 'tasks' must be a non-empty list of {id, title}");
  }
  SECTION("wrong values") {
    CHECK(Problems(dir, "manifest_version: 2\nname: [a]\nversion: 1\nabi_version: v1\nlibrary: x.so\n"
                        "tasks:\n  - { id: a.b, title: A }\n  - { id: a.b, title: B }\n  - just-text\n"
                        "  - { title: C }\n") ==
          p + ":1:19: manifest_version is '2'; allowed: 1\n" + p +
              ":2:7: 'name' must be a non-empty text value\n" + p +
              ":4:14: abi_version is 'v1'; allowed: MAJOR.MINOR such as \"1.0\"\n" + p +
              ":8:5: task 'a.b' is listed twice\n" + p +
              ":9:5: a task must be a mapping with id and title\n" + p + ":10:5: missing 'id'");
  }
  SECTION("not a mapping") {
    CHECK(Problems(dir, "- a\n") == p + ": a manifest must be a YAML mapping");
  }
  SECTION("not YAML") {
    CHECK(Problems(dir, "name: [unclosed\n") == p + ":2:1: not valid YAML: end of sequence flow not found");
  }
  SECTION("a missing file") {
    Result<Manifest> manifest = ReadManifest(dir.File("none.manifest"));
    CHECK(manifest.status().code() == StatusCode::kNotFound);
    CHECK(manifest.status().message() == dir.File("none.manifest") + ": cannot read the manifest");
  }
}

TEST_CASE("Manifests are found in each folder, in name order, each file once") {
  test::TempDir dir;
  std::string text = kGood;
  test::WriteFile(dir.File("b.manifest"), text);
  text.replace(text.find("name: demo"), 10, "name: first");
  test::WriteFile(dir.File("a.manifest"), text);
  test::WriteFile(dir.File("broken.manifest"), "name: [\n");
  test::WriteFile(dir.File("ignored.txt"), "not a manifest");
  ManifestScan scan = FindManifests({dir.path(), dir.path() + "/", dir.File("missing-folder")});
  REQUIRE(scan.manifests.size() == 2);
  CHECK(scan.manifests[0].name == "first");
  CHECK(scan.manifests[1].name == "demo");
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].message() ==
        dir.File("broken.manifest") + ":2:1: not valid YAML: end of sequence flow not found");
}

TEST_CASE("The search path is WF_PLUGIN_PATH, then the build and install trees beside the binary") {
  const char* saved = std::getenv("WF_PLUGIN_PATH");
  std::string old = saved ? saved : "";
  setenv("WF_PLUGIN_PATH", "/tmp/one::/tmp/two:/tmp/one", 1);
  std::vector<std::string> path = PluginSearchPath();
  if (saved) setenv("WF_PLUGIN_PATH", old.c_str(), 1); else unsetenv("WF_PLUGIN_PATH");
  // The test binary lives in the build tree's bin/, like wf.
  CHECK(path == std::vector<std::string>{"/tmp/one", "/tmp/two", WF_BINARY_DIR "/lib",
                                         WF_BINARY_DIR "/lib/wf/plugins"});
}

}  // namespace
}  // namespace wf

// plugin_loader and task_registry: loading the tiny plugins of tests/plugins/
// and refusing the broken ones, each with a message naming the plugin and why.
#include <catch2/catch.hpp>

#include <string>

#include "engine/call_task.h"
#include "engine/plugin_loader.h"
#include "engine/task_registry.h"
#include "engine/workflow_loader.h"
#include "engine_test_support.h"

namespace wf {
namespace {

std::string Library(const std::string& name) { return WF_TEST_PLUGIN_DIR "/" + name + ".so"; }

// Writes NAME.manifest into `dir` for the library `library`, declaring `tasks`.
std::string WriteManifest(const test::TempDir& dir, const std::string& name, const std::string& library,
                          const std::string& tasks = "[tp.alpha, tp.beta]",
                          const std::string& abi = "\"1.0\"") {
  std::string text = "manifest_version: 1\nname: " + name + "\nversion: 1.0.0\nabi_version: " + abi +
                     "\nlibrary: " + library + "\ntasks:\n";
  std::string list = tasks.substr(1, tasks.size() - 2);
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string id = list.substr(start, comma - start);
    id.erase(0, id.find_first_not_of(' '));
    text += "  - { id: " + id + ", title: \"Task " + id + "\" }\n";
    start = comma + 1;
  }
  return test::WriteFile(dir.File(name + ".manifest"), text);
}

std::string Refusal(const std::string& manifest_path) {
  Result<Manifest> manifest = ReadManifest(manifest_path);
  INFO(manifest.status().message());
  REQUIRE(manifest.ok());
  Result<std::shared_ptr<LoadedPlugin>> plugin = LoadPlugin(*manifest);
  REQUIRE_FALSE(plugin.ok());
  return plugin.status().message();
}

std::string Who(const std::string& name, const std::string& library) {
  return "plugin '" + name + "' (" + Library(library) + ")";
}

TEST_CASE("A well-formed plugin loads and its tasks can be called") {
  test::TempDir dir;
  Result<Manifest> manifest = ReadManifest(WriteManifest(dir, "tp_good", Library("tp_good")));
  REQUIRE(manifest.ok());
  Result<std::shared_ptr<LoadedPlugin>> plugin = LoadPlugin(*manifest);
  INFO(plugin.status().message());
  REQUIRE(plugin.ok());
  auto tasks = TasksOf(*plugin);
  REQUIRE(tasks.size() == 2);
  CHECK(tasks[0]->id() == "tp.alpha");
  CHECK(tasks[1]->title() == "Beta");
  CHECK(tasks[0]->source() == "tp_good");
  CHECK(tasks[0]->Describe() == Json::parse(R"({"id": "tp.alpha", "title": "Alpha", "fields": []})"));
  plugin->reset();  // the tasks keep the library loaded
  CallResult called = CallTask(*tasks[1], Json::object(), CallOptions{});
  CHECK(called.state == "succeeded");
  CHECK(called.outputs == Json{{"plugin", "tp_good"}});
}

TEST_CASE("The loader refuses a broken library, naming the plugin and the reason") {
  test::TempDir dir;
  SECTION("a missing library file") {
    std::string path = WriteManifest(dir, "tp_gone", "tp_gone.so");
    Result<Manifest> manifest = ReadManifest(path);
    REQUIRE(manifest.ok());
    Result<std::shared_ptr<LoadedPlugin>> plugin = LoadPlugin(*manifest);
    CHECK(plugin.status().code() == StatusCode::kNotFound);
    CHECK(plugin.status().message() == "plugin 'tp_gone' (" + dir.File("tp_gone.so") +
                                           "): library not found (manifest " + path + ")");
  }
  SECTION("a file that is not a library") {
    std::string fake = test::WriteFile(dir.File("fake.so"), "not an ELF file");
    std::string message = Refusal(WriteManifest(dir, "tp_fake", fake));
    CHECK(message.rfind("plugin 'tp_fake' (" + fake + "): cannot load: " + fake + ":", 0) == 0);
  }
  SECTION("a missing entry symbol") {
    CHECK(Refusal(WriteManifest(dir, "tp_no_entry", Library("tp_no_entry"))) ==
          Who("tp_no_entry", "tp_no_entry") + ": does not export wf_plugin_entry");
  }
  SECTION("an entry that returns NULL") {
    CHECK(Refusal(WriteManifest(dir, "tp_null_entry", Library("tp_null_entry"))) ==
          Who("tp_null_entry", "tp_null_entry") + ": wf_plugin_entry returned NULL");
  }
  SECTION("another ABI major") {
    CHECK(Refusal(WriteManifest(dir, "tp_wrong_major", Library("tp_wrong_major"), "[tp.alpha]", "\"2.0\"")) ==
          Who("tp_wrong_major", "tp_wrong_major") +
              ": built for plugin ABI 2.0; this wf supports ABI 1.1 (same major, minor up to 1)");
  }
  SECTION("a newer ABI minor") {
    CHECK(Refusal(WriteManifest(dir, "tp_newer_minor", Library("tp_newer_minor"), "[tp.alpha]", "\"1.1\"")) ==
          Who("tp_newer_minor", "tp_newer_minor") +
              ": built for plugin ABI 1.2; this wf supports ABI 1.1 (same major, minor up to 1)");
  }
  SECTION("a wf_plugin struct shorter than ABI 1.0's") {
    CHECK(Refusal(WriteManifest(dir, "tp_short_struct", Library("tp_short_struct"), "[tp.alpha]")) ==
          Who("tp_short_struct", "tp_short_struct") + ": wf_plugin struct is 32 bytes; ABI 1.0 needs at least 48");
  }
  SECTION("a wf_task struct shorter than ABI 1.0's") {
    CHECK(Refusal(WriteManifest(dir, "tp_short_task", Library("tp_short_task"), "[tp.alpha]")) ==
          Who("tp_short_task", "tp_short_task") +
              ": task table 0 is missing or shorter than ABI 1.0's wf_task");
  }
}

TEST_CASE("The library must match its manifest") {
  test::TempDir dir;
  SECTION("a task declared but not registered") {
    CHECK(Refusal(WriteManifest(dir, "tp_good", Library("tp_good"), "[tp.alpha, tp.beta, tp.gamma]")) ==
          Who("tp_good", "tp_good") +
              ": its manifest declares task 'tp.gamma', which the library does not register");
  }
  SECTION("a task registered but not declared") {
    CHECK(Refusal(WriteManifest(dir, "tp_good", Library("tp_good"), "[tp.alpha]")) ==
          Who("tp_good", "tp_good") + ": registers task 'tp.beta', which its manifest does not declare");
  }
  SECTION("another plugin name") {
    CHECK(Refusal(WriteManifest(dir, "other", Library("tp_good"))) ==
          Who("other", "tp_good") + ": the library calls itself 'tp_good', the manifest 'other'");
  }
  SECTION("another ABI version in the manifest") {
    CHECK(Refusal(WriteManifest(dir, "tp_good", Library("tp_good"), "[tp.alpha, tp.beta]", "\"1.2\"")) ==
          Who("tp_good", "tp_good") + ": the manifest says ABI 1.2 but the library was built for 1.0");
  }
}

TEST_CASE("The registry keeps the first plugin of a task id and names both on a duplicate") {
  test::TempDir dir;
  // Manifests load in file-name order: tp_dup before tp_good.
  WriteManifest(dir, "tp_dup", Library("tp_dup"), "[tp.alpha]");
  std::string good = WriteManifest(dir, "tp_good", Library("tp_good"));
  std::unique_ptr<TaskRegistry> registry = TaskRegistry::Load({dir.path()});
  REQUIRE(registry->problems().size() == 1);
  CHECK(registry->problems()[0].message() ==
        "plugin 'tp_good' (" + good + "): task 'tp.alpha' is already registered by plugin 'tp_dup'");
  REQUIRE(registry->Find("tp.alpha") != nullptr);
  CHECK(registry->Find("tp.alpha")->source() == "tp_dup");
  CHECK(registry->Find("tp.beta") == nullptr);  // nothing of a refused plugin is registered
  CHECK(registry->Missing("tp.beta") == "task 'tp.beta' is unavailable: " + registry->problems()[0].message());
  CHECK(registry->Find("http") != nullptr);
  CHECK(registry->Find("set") != nullptr);

  SECTION("a plugin may not take a built-in task's id") {
    TaskRegistry fresh;
    Result<Manifest> manifest = ReadManifest(WriteManifest(dir, "tp_good", Library("tp_good"), "[http]"));
    REQUIRE(manifest.ok());
    CHECK(fresh.AddPlugin(*manifest).message() ==
          "plugin 'tp_good' (" + good + "): task 'http' is already registered by the built-in tasks");
  }
}

TEST_CASE("A workflow naming a task of a refused plugin gets the refusal, not 'unknown task'") {
  test::TempDir dir;
  WriteManifest(dir, "tp_wrong_major", Library("tp_wrong_major"), "[tp.alpha]", "\"2.0\"");
  std::unique_ptr<TaskRegistry> registry = TaskRegistry::Load({dir.path()});
  CHECK(registry->Find("tp.alpha") == nullptr);
  Result<Workflow> workflow =
      LoadWorkflowText("name: w\nsteps:\n  - { id: a, task: tp.alpha }\n", "w.yaml", *registry);
  CHECK(workflow.status().message() ==
        "w.yaml:3:20: task 'tp.alpha' is unavailable: " + Who("tp_wrong_major", "tp_wrong_major") +
            ": built for plugin ABI 2.0; this wf supports ABI 1.1 (same major, minor up to 1)");
  CHECK(registry->Missing("tp.zeta") == "unknown task 'tp.zeta'");
}

}  // namespace
}  // namespace wf

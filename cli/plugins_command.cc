// wf plugins: the manifests found, the tasks they declare, and any refusal.
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"

namespace wf::cli {

const char kPluginsUsage[] = "usage: wf plugins [--json]\n";

int PluginsCommand(const Args& args) {
  Flags flags;
  std::string error;
  if (!ParseFlags(args, {}, {"json"}, &flags, &error) || !flags.positional.empty()) {
    return Usage(error.empty() ? "plugins takes no arguments" : error, kPluginsUsage);
  }
  std::unique_ptr<TaskRegistry> registry = LoadRegistry();
  if (flags.Has("json")) {
    Json out = {{"search_path", PluginSearchPath()}, {"plugins", Json::array()}, {"problems", Json::array()}};
    for (const Manifest& m : registry->manifests()) {
      Json tasks = Json::array();
      for (const ManifestTask& t : m.tasks) {
        tasks.push_back({{"id", t.id}, {"title", t.title}, {"category", t.category},
                         {"loaded", registry->Find(t.id) != nullptr}});
      }
      out["plugins"].push_back({{"name", m.name}, {"version", m.version}, {"manifest", m.path},
                                {"library", m.library},
                                {"abi_version", std::to_string(m.abi_major) + "." + std::to_string(m.abi_minor)},
                                {"tasks", tasks}});
    }
    for (const Status& p : registry->problems()) out["problems"].push_back(p.message());
    std::printf("%s\n", DumpJson(out, 2).c_str());
    return registry->problems().empty() ? 0 : 1;
  }
  if (registry->manifests().empty()) {
    std::printf("no plugin manifests found; searched:\n");
    for (const std::string& folder : PluginSearchPath()) std::printf("  %s\n", folder.c_str());
  }
  for (const Manifest& m : registry->manifests()) {
    std::printf("%s %s (ABI %u.%u)\n  manifest: %s\n  library:  %s\n", m.name.c_str(),
                m.version.c_str(), m.abi_major, m.abi_minor, m.path.c_str(), m.library.c_str());
    for (const ManifestTask& t : m.tasks) {
      std::printf("  task %-32s %s%s\n", t.id.c_str(), t.title.c_str(),
                  registry->Find(t.id) != nullptr ? "" : "  [not loaded]");
    }
  }
  for (const Status& p : registry->problems()) std::fprintf(stderr, "wf: %s\n", p.message().c_str());
  std::printf("built-in tasks: http, set\n");
  return registry->problems().empty() ? 0 : 1;
}

}  // namespace wf::cli

// Loads plugin libraries named by manifests and checks them against the ABI
// and the manifest: the library exists, exports wf_plugin_entry, speaks our ABI
// major and no newer minor, its structs are not shorter than ABI 1.0's, and the
// tasks it registers are exactly the manifest's. Every refusal names the plugin
// and the reason. Not thread-safe while loading; the loaded tasks are.
#ifndef WF_ENGINE_PLUGIN_LOADER_H_
#define WF_ENGINE_PLUGIN_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/manifest.h"
#include "engine/task.h"

namespace wf {

// One loaded library; unloads it on destruction, so it must outlive its tasks.
class LoadedPlugin;

// Loads the library of `manifest`, or explains why it refuses to.
Result<std::shared_ptr<LoadedPlugin>> LoadPlugin(const Manifest& manifest);

// The tasks a loaded plugin registered, in registration order. Each keeps the
// plugin loaded for as long as it lives.
std::vector<std::shared_ptr<const TaskType>> TasksOf(const std::shared_ptr<LoadedPlugin>& plugin);

}  // namespace wf

#endif  // WF_ENGINE_PLUGIN_LOADER_H_

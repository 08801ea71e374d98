// Plugin manifests: read before any library is loaded (for catalogs), in the
// style of the Vulkan loader's ICD manifests. A manifest is a small YAML file:
//
//   manifest_version: 1
//   name: intercom
//   version: 0.1.0
//   abi_version: "1.0"
//   library: libwf_intercom.so        # relative to the manifest's folder
//   tasks:
//     - { id: intercom.create_conversation, title: "Intercom: Create Conversation", category: Intercom }
//
// The host looks in the build tree and the install tree beside its own binary
// (`<exe>/../lib`, `<exe>/../lib/wf/plugins`) and in every folder of
// WF_PLUGIN_PATH (colon-separated). Pure functions of the file system; thread-safe.
#ifndef WF_ENGINE_MANIFEST_H_
#define WF_ENGINE_MANIFEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace wf {

struct ManifestTask {
  std::string id;
  std::string title;
  std::string category;
};

struct Manifest {
  std::string path;          // the manifest file itself
  std::string name;
  std::string version;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;
  std::string library;       // absolute path, resolved against the manifest's folder
  std::string description;
  std::vector<ManifestTask> tasks;
};

// Reads and checks one manifest. Errors read "<path>:<line>:<col>: <what>".
Result<Manifest> ReadManifest(const std::string& path);

// The folders searched, in order: WF_PLUGIN_PATH entries first, then the
// build/install layout beside the running executable. Duplicates removed.
std::vector<std::string> PluginSearchPath();

struct ManifestScan {
  std::vector<Manifest> manifests;
  std::vector<Status> problems;  // unreadable or invalid manifests, with their paths
};

// Reads every "*.manifest" file directly inside each folder (sorted by name).
// The same file reached twice (through two folders) is read once.
ManifestScan FindManifests(const std::vector<std::string>& folders);

}  // namespace wf

#endif  // WF_ENGINE_MANIFEST_H_

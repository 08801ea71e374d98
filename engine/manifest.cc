#include "engine/manifest.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <yaml-cpp/yaml.h>

namespace wf {
namespace {

namespace fs = std::filesystem;

std::string At(const std::string& path, const YAML::Mark& mark) {
  if (mark.line < 0) return path;
  return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Reads a required scalar; appends a problem when it is missing or not a scalar.
std::string RequiredScalar(const YAML::Node& root, const char* key, const std::string& path,
                           std::vector<std::string>* problems) {
  YAML::Node node = root[key];
  if (!node) {
    problems->push_back(At(path, root.Mark()) + ": missing '" + key + "'");
    return "";
  }
  if (!node.IsScalar() || node.Scalar().empty()) {
    problems->push_back(At(path, node.Mark()) + ": '" + key + "' must be a non-empty text value");
    return "";
  }
  return node.Scalar();
}

bool ParseAbiVersion(const std::string& text, uint32_t* major, uint32_t* minor) {
  size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != dot && (text[i] < '0' || text[i] > '9')) return false;
  }
  if (dot > 5 || text.size() - dot - 1 > 5) return false;
  *major = static_cast<uint32_t>(std::stoul(text.substr(0, dot)));
  *minor = static_cast<uint32_t>(std::stoul(text.substr(dot + 1)));
  return true;
}

void ReadTasks(const YAML::Node& root, const std::string& path, Manifest* manifest,
               std::vector<std::string>* problems) {
  YAML::Node tasks = root["tasks"];
  if (!tasks || !tasks.IsSequence() || tasks.size() == 0) {
    problems->push_back(At(path, tasks ? tasks.Mark() : root.Mark()) +
                        ": 'tasks' must be a non-empty list of {id, title}");
    return;
  }
  std::set<std::string> seen;
  for (const YAML::Node& task : tasks) {
    if (!task.IsMap()) {
      problems->push_back(At(path, task.Mark()) + ": a task must be a mapping with id and title");
      continue;
    }
    ManifestTask entry;
    entry.id = RequiredScalar(task, "id", path, problems);
    entry.title = RequiredScalar(task, "title", path, problems);
    if (task["category"] && task["category"].IsScalar()) entry.category = task["category"].Scalar();
    if (!entry.id.empty() && !seen.insert(entry.id).second) {
      problems->push_back(At(path, task.Mark()) + ": task '" + entry.id + "' is listed twice");
    }
    manifest->tasks.push_back(entry);
  }
}

std::string ExecutableFolder() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return exe.parent_path().string();
}

}  // namespace

Result<Manifest> ReadManifest(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return Status::NotFound(path + ": cannot read the manifest");
  } catch (const YAML::Exception& e) {
    return Status::Invalid(At(path, e.mark) + ": not valid YAML: " + e.msg);
  }
  if (!root.IsMap()) return Status::Invalid(path + ": a manifest must be a YAML mapping");

  std::vector<std::string> problems;
  Manifest manifest;
  manifest.path = fs::absolute(path).lexically_normal().string();
  std::string manifest_version = RequiredScalar(root, "manifest_version", path, &problems);
  if (!manifest_version.empty() && manifest_version != "1") {
    problems.push_back(At(path, root["manifest_version"].Mark()) + ": manifest_version is '" +
                       manifest_version + "'; allowed: 1");
  }
  manifest.name = RequiredScalar(root, "name", path, &problems);
  manifest.version = RequiredScalar(root, "version", path, &problems);
  std::string abi = RequiredScalar(root, "abi_version", path, &problems);
  if (!abi.empty() && !ParseAbiVersion(abi, &manifest.abi_major, &manifest.abi_minor)) {
    problems.push_back(At(path, root["abi_version"].Mark()) + ": abi_version is '" + abi +
                       "'; allowed: MAJOR.MINOR such as \"1.0\"");
  }
  std::string library = RequiredScalar(root, "library", path, &problems);
  if (!library.empty()) {
    fs::path lib(library);
    if (lib.is_relative()) lib = fs::path(manifest.path).parent_path() / lib;
    manifest.library = lib.lexically_normal().string();
  }
  if (root["description"] && root["description"].IsScalar()) {
    manifest.description = root["description"].Scalar();
  }
  ReadTasks(root, path, &manifest, &problems);
  if (!problems.empty()) {
    std::string message = problems.front();
    for (size_t i = 1; i < problems.size(); ++i) message += "\n" + problems[i];
    return Status::Invalid(message);
  }
  return manifest;
}

std::vector<std::string> PluginSearchPath() {
  std::vector<std::string> folders;
  if (const char* extra = std::getenv("WF_PLUGIN_PATH")) {
    std::string text = extra;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(':', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) folders.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  std::string exe = ExecutableFolder();
  if (!exe.empty()) {
    folders.push_back((fs::path(exe) / ".." / "lib").lexically_normal().string());
    folders.push_back((fs::path(exe) / ".." / "lib" / "wf" / "plugins").lexically_normal().string());
  }
  std::vector<std::string> unique;
  for (const std::string& folder : folders) {
    if (std::find(unique.begin(), unique.end(), folder) == unique.end()) unique.push_back(folder);
  }
  return unique;
}

ManifestScan FindManifests(const std::vector<std::string>& folders) {
  ManifestScan scan;
  std::set<std::string> seen;
  for (const std::string& folder : folders) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
      if (entry.path().extension() == ".manifest") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::string canonical = fs::weakly_canonical(file, ec).string();
      if (!seen.insert(canonical).second) continue;
      Result<Manifest> manifest = ReadManifest(file.string());
      if (manifest.ok()) {
        scan.manifests.push_back(std::move(*manifest));
      } else {
        scan.problems.push_back(manifest.status());
      }
    }
  }
  return scan;
}

}  // namespace wf

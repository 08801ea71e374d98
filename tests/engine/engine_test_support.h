// Helpers the engine tests share: a temporary folder that removes itself, file
// writing, a plain data-backed RenderScope, and the registry with the plugins
// of this build tree. Header-only.
#ifndef WF_TESTS_ENGINE_ENGINE_TEST_SUPPORT_H_
#define WF_TESTS_ENGINE_ENGINE_TEST_SUPPORT_H_

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "base/json.h"
#include "engine/expression.h"
#include "engine/task_registry.h"

namespace wf::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "wf-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes `text` to `path` with permission bits `mode`; returns the path.
inline std::string WriteFile(const std::string& path, const std::string& text, mode_t mode = 0644) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
  }
  chmod(path.c_str(), mode);
  return path;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A RenderScope over plain values, as a run would hold them.
class DataScope : public RenderScope {
 public:
  Json inputs = Json::object();
  Json variables = Json::object();
  std::map<std::string, std::string> secrets;
  std::map<std::string, Json> outputs;             // step id -> outputs
  std::map<std::string, std::string> states;       // step id -> state
  std::map<std::string, Json> errors;              // step id -> error

  const Json* Input(const std::string& name) const override { return Find(inputs, name); }
  const Json* Variable(const std::string& name) const override { return Find(variables, name); }
  bool Secret(const std::string& name, std::string* value) const override {
    auto found = secrets.find(name);
    if (found == secrets.end()) return false;
    *value = found->second;
    return true;
  }
  const Json* StepOutput(const std::string& step) const override {
    auto found = outputs.find(step);
    return found == outputs.end() ? nullptr : &found->second;
  }
  std::string StepState(const std::string& step) const override {
    auto found = states.find(step);
    return found == states.end() ? "" : found->second;
  }
  const Json* StepError(const std::string& step) const override {
    auto found = errors.find(step);
    return found == errors.end() ? nullptr : &found->second;
  }

 private:
  static const Json* Find(const Json& object, const std::string& name) {
    auto found = object.find(name);
    return found == object.end() ? nullptr : &*found;
  }
};

// The built-in tasks plus the Intercom plugin of this build tree.
inline std::unique_ptr<TaskRegistry> BuildTreeRegistry() {
  return TaskRegistry::Load({WF_BINARY_DIR "/lib"});
}

}  // namespace wf::test

#endif  // WF_TESTS_ENGINE_ENGINE_TEST_SUPPORT_H_

#include "cli/common.h"

#include <cstdio>

namespace wf::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "wf: %s\n", status.message().c_str());
  return status.ExitCode();
}

int Usage(const std::string& message, const char* usage) {
  std::fprintf(stderr, "wf: %s\n%s", message.c_str(), usage);
  return 2;
}

std::unique_ptr<TaskRegistry> LoadRegistry() { return TaskRegistry::LoadDefault(); }

Result<Secrets> LoadSecrets(const Flags& flags) {
  if (flags.Has("secrets-file")) return Secrets::FromFile(flags.Get("secrets-file"));
  return Secrets();
}

Status SetDotted(Json* object, const std::string& path, const Json& value) {
  if (path.empty()) return Status::Invalid("an input name is empty");
  Json* current = object;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (key.empty()) return Status::Invalid("'" + path + "' is not a valid dotted path");
    if (!current->is_object()) {
      return Status::Invalid("'" + path + "': '" + path.substr(0, start - 1) + "' is not a mapping");
    }
    if (dot == std::string::npos) {
      (*current)[key] = value;
      return Status::Ok();
    }
    if (!current->contains(key)) (*current)[key] = Json::object();
    current = &(*current)[key];
    start = dot + 1;
  }
}

std::string Plain(const Json& value) {
  return value.is_string() ? value.get<std::string>() : DumpJson(value);
}

}  // namespace wf::cli

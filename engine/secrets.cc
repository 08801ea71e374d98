#include "engine/secrets.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "base/ascii.h"
#include "engine/yaml_json.h"

namespace wf {

bool IsSensitiveHeader(const std::string& name) {
  for (const char* sensitive : {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}) {
    if (EqualsIgnoringCase(name, sensitive)) return true;
  }
  return false;
}

void Redactor::Add(const std::string& secret) {
  if (secret.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  secrets_.insert(secret);
}

std::string Redactor::Redact(const std::string& text) const {
  std::vector<std::string> secrets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    secrets.assign(secrets_.begin(), secrets_.end());
  }
  // Longer secrets first, so that a secret containing another is hidden whole.
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out = text;
  for (const std::string& secret : secrets) {
    if (secret.size() < 4) {
      if (out == secret) out = "***";
      continue;
    }
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return out;
}

Json Redactor::Redact(const Json& value) const {
  if (value.is_string()) return Json(Redact(value.get_ref<const std::string&>()));
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(Redact(item));
    return out;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) {
      if (IsSensitiveHeader(key) && item.is_string()) {
        const std::string& text = item.get_ref<const std::string&>();
        size_t space = text.find(' ');
        // Keep the scheme ("Bearer") so a reader sees what kind of credential it was.
        out[key] = space != std::string::npos && space < 16 ? text.substr(0, space) + " ***" : "***";
      } else {
        out[key] = Redact(item);
      }
    }
    return out;
  }
  return value;
}

Redactor::Redactor(const Redactor& other) {
  std::lock_guard<std::mutex> lock(other.mutex_);
  secrets_ = other.secrets_;
}

Redactor& Redactor::operator=(const Redactor& other) {
  if (this == &other) return *this;
  std::set<std::string> copy;
  {
    std::lock_guard<std::mutex> lock(other.mutex_);
    copy = other.secrets_;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  secrets_ = std::move(copy);
  return *this;
}

Result<Secrets> Secrets::FromFile(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return Status::NotFound(path + ": no such secrets file");
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::Invalid(path + ": other users can read this secrets file; run `chmod 600 " + path +
                           "` first");
  }
  Result<Json> parsed = YamlFileToJson(path, nullptr);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object()) return Status::Invalid(path + ": a secrets file must be a mapping of names to values");
  Secrets secrets;
  for (const auto& [name, value] : parsed->items()) {
    if (value.is_object() || value.is_array() || value.is_null()) {
      return Status::Invalid(path + ": secret '" + name + "' must be text");
    }
    secrets.Set(name, value.is_string() ? value.get<std::string>() : DumpJson(value));
  }
  return secrets;
}

bool Secrets::Get(const std::string& name, std::string* value) const {
  auto found = values_.find(name);
  if (found != values_.end()) {
    *value = found->second;
  } else {
    const char* env = std::getenv(name.c_str());
    if (env == nullptr) return false;
    *value = env;
  }
  redactor_.Add(*value);
  return true;
}

void Secrets::Set(const std::string& name, const std::string& value) {
  values_[name] = value;
  redactor_.Add(value);
}

}  // namespace wf

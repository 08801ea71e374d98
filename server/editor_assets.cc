#include "server/editor_assets.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace wf {
namespace {

bool EndsWith(const std::string& text, const char* suffix) {
  size_t n = std::strlen(suffix);
  return text.size() >= n && text.compare(text.size() - n, n, suffix) == 0;
}

bool IsBareFileName(const std::string& name) {
  if (name.empty() || name.size() > 100 || name[0] == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string EditorContentType(const std::string& name) {
  if (EndsWith(name, ".html")) return "text/html; charset=utf-8";
  if (EndsWith(name, ".css")) return "text/css; charset=utf-8";
  if (EndsWith(name, ".js") || EndsWith(name, ".mjs")) return "text/javascript; charset=utf-8";
  if (EndsWith(name, ".svg")) return "image/svg+xml";
  if (EndsWith(name, ".png")) return "image/png";
  if (EndsWith(name, ".json")) return "application/json";
  return "application/octet-stream";
}

std::optional<EditorAsset> FindEditorAsset(const std::string& name, const std::string& folder) {
  if (!IsBareFileName(name)) return std::nullopt;
  if (!folder.empty()) {
    std::ifstream in(folder + "/" + name, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    return EditorAsset{content.str(), EditorContentType(name)};
  }
  for (size_t i = 0; i < editor_data::kEditorFileCount; ++i) {
    const editor_data::File& file = editor_data::kEditorFiles[i];
    if (name == file.name) {
      return EditorAsset{std::string(reinterpret_cast<const char*>(file.data), file.size),
                         EditorContentType(name)};
    }
  }
  return std::nullopt;
}

}  // namespace wf

// The editor page's static files (editor/*): compiled into the engine at build
// time by embed_editor.cmake, so that `wf serve` needs nothing beside its
// binary; or read from a folder at run time (`wf serve --editor-dir DIR`), for
// working on the page without rebuilding. Thread-safe: the embedded table is
// constant and folder reads share nothing.
#ifndef WF_SERVER_EDITOR_ASSETS_H_
#define WF_SERVER_EDITOR_ASSETS_H_

#include <cstddef>
#include <optional>
#include <string>

namespace wf {

namespace editor_data {
// Defined by the generated editor_assets_data.cc; ends with a null entry.
struct File {
  const char* name;
  const unsigned char* data;
  size_t size;
};
extern const File kEditorFiles[];
extern const size_t kEditorFileCount;
}  // namespace editor_data

struct EditorAsset {
  std::string content;
  std::string content_type;  // e.g. "text/html; charset=utf-8"
};

// The file `name` ("index.html", "editor.js", ...; a bare file name, never a
// path). Read from `folder` when it is not empty, else from the embedded copy.
// nullopt when there is no such file or `name` is not a bare file name.
std::optional<EditorAsset> FindEditorAsset(const std::string& name, const std::string& folder = "");

// The Content-Type the server sends for a file name, by its extension.
std::string EditorContentType(const std::string& name);

}  // namespace wf

#endif  // WF_SERVER_EDITOR_ASSETS_H_

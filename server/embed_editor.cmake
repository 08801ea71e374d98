# Turns the editor's static files into a C++ source, so that `wf serve` carries
# its page inside the binary. Run as:
#   cmake -DEDITOR_DIR=... -DOUTPUT=... -P embed_editor.cmake
# Every regular file directly in EDITOR_DIR becomes one entry of kEditorFiles.
file(GLOB editor_files LIST_DIRECTORIES false RELATIVE "${EDITOR_DIR}" "${EDITOR_DIR}/*")
list(SORT editor_files)
set(arrays "")
set(entries "")
set(index 0)
foreach(name ${editor_files})
  file(READ "${EDITOR_DIR}/${name}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "const unsigned char kFile${index}[] = {${bytes} 0};\n")
  string(APPEND entries "    {\"${name}\", kFile${index}, ${size}},\n")
  math(EXPR index "${index} + 1")
endforeach()
set(content "// Generated from editor/ by server/embed_editor.cmake; do not edit.
#include \"server/editor_assets.h\"

namespace wf::editor_data {
namespace {
${arrays}}  // namespace

const File kEditorFiles[] = {
${entries}    {nullptr, nullptr, 0},
};
const size_t kEditorFileCount = ${index};

}  // namespace wf::editor_data
")
# Only touch the output when it changes, so that a rebuild is not forced.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")

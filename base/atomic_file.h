// Whole-file writes that readers never see half done. Thread-safe.
#ifndef WF_BASE_ATOMIC_FILE_H_
#define WF_BASE_ATOMIC_FILE_H_

#include <string>

#include "base/status.h"

namespace wf {

// Writes `content` to a temporary file beside `path`, flushes it to disk and
// renames it over `path`, so that readers see the old file or the new one and
// never a part. An existing file keeps its permissions. On failure `path` is
// unchanged and the temporary file removed; the message names the path.
Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace wf

#endif  // WF_BASE_ATOMIC_FILE_H_

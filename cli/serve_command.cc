// wf serve: placeholder until the editor server lands.
#include <cstdio>

#include "cli/commands.h"

namespace wf::cli {

int ServeCommand(const Args&) {
  std::fprintf(stderr, "wf: serve is not available yet\n");
  return 2;
}

}  // namespace wf::cli

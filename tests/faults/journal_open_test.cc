// The journal under concurrent use: processes that open one fresh journal at
// the same moment (two `wf run`s, or `wf runs` beside a starting run) all get
// it, instead of failing with "database is locked".
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "engine/engine_test_support.h"
#include "engine/journal.h"

namespace wf {
namespace {

TEST_CASE("Processes opening one fresh journal at once all record their runs") {
  constexpr int kProcesses = 8;
  for (int round = 0; round < 10; ++round) {
    test::TempDir dir;
    const std::string path = dir.File("runs.db");
    int go[2];
    REQUIRE(pipe(go) == 0);
    std::vector<pid_t> children;
    for (int i = 0; i < kProcesses; ++i) {
      pid_t child = fork();
      if (child == 0) {
        close(go[1]);
        char c;
        if (read(go[0], &c, 1) != 0) _exit(3);  // all start when the pipe closes
        Result<std::unique_ptr<Journal>> journal = Journal::Open(path);
        if (!journal.ok()) {
          std::fprintf(stderr, "%s\n", journal.status().message().c_str());
          _exit(1);
        }
        Result<std::string> id = (*journal)->StartRun("w.yaml", "w", Json::object());
        if (!id.ok()) {
          std::fprintf(stderr, "%s\n", id.status().message().c_str());
          _exit(2);
        }
        _exit(0);
      }
      children.push_back(child);
    }
    close(go[0]);
    close(go[1]);
    int failures = 0;
    for (pid_t child : children) {
      int status = 0;
      waitpid(child, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
    }
    INFO("round " << round);
    CHECK(failures == 0);
    Result<std::unique_ptr<Journal>> journal = Journal::Open(path);
    REQUIRE(journal.ok());
    CHECK((*journal)->ListRuns()->size() == static_cast<size_t>(kProcesses));
  }
}

}  // namespace
}  // namespace wf

// The run journal: a SQLite file (default .wf/runs.db) that records each run,
// its inputs, and each step's state with its outputs, written before and after
// every send with synchronous=FULL in WAL mode, so that a run killed at any
// moment can be resumed without sending a create twice and without losing a
// finished step's outputs. Values are stored redacted. One Journal per
// process thread at a time (it serialises its own statements with a mutex).
#ifndef WF_ENGINE_JOURNAL_H_
#define WF_ENGINE_JOURNAL_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"

struct sqlite3;

namespace wf {

// Step states: pending, sending (a request may be on its way), succeeded,
// failed, skipped, unknown (sent, outcome unknown), invalid.
struct JournalStep {
  int index = 0;
  std::string id;
  std::string task;
  std::string state;
  Json outputs;       // null unless finished with outputs
  Json error;         // null unless failed / unknown
  int attempts = 0;
  std::string updated_at;
};

struct JournalRun {
  std::string id;
  std::string workflow_file;
  std::string workflow_name;
  std::string state;   // running, succeeded, failed, interrupted (running but no process)
  Json inputs;
  Json outputs;
  std::string error;
  std::string started_at;
  std::string finished_at;
  std::vector<JournalStep> steps;
};

class Journal {
 public:
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Opens (creating folders and schema as needed) the journal at `path`.
  static Result<std::unique_ptr<Journal>> Open(const std::string& path);

  // Records a new run; returns its id (e.g. "r-20261125-124833-3f9a").
  Result<std::string> StartRun(const std::string& workflow_file, const std::string& workflow_name,
                               const Json& inputs);
  // Marks a run running again (for resume).
  Status ReopenRun(const std::string& run_id);
  // Durable before it returns: the process may die right after.
  Status SetStep(const std::string& run_id, const JournalStep& step);
  Status FinishRun(const std::string& run_id, const std::string& state, const Json& outputs,
                   const std::string& error);

  Result<JournalRun> LoadRun(const std::string& run_id);
  // Most recent first, without steps.
  Result<std::vector<JournalRun>> ListRuns(int limit = 50);

  const std::string& path() const { return path_; }

 private:
  Journal(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Exec(const std::string& sql);

  sqlite3* db_;
  std::string path_;
  std::mutex mutex_;
};

}  // namespace wf

#endif  // WF_ENGINE_JOURNAL_H_

#include "engine/journal.h"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <random>
#include <thread>

namespace wf {
namespace {

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  workflow_file TEXT NOT NULL,
  workflow_name TEXT NOT NULL,
  state TEXT NOT NULL,
  inputs TEXT NOT NULL,
  outputs TEXT,
  error TEXT,
  pid INTEGER,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS steps (
  run_id TEXT NOT NULL REFERENCES runs(id),
  idx INTEGER NOT NULL,
  step_id TEXT NOT NULL,
  task TEXT NOT NULL,
  state TEXT NOT NULL,
  outputs TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (run_id, idx)
);
)sql";

// The current UTC time in `format` (strftime).
std::string UtcNow(const char* format) {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

std::string Now() { return UtcNow("%Y-%m-%dT%H:%M:%SZ"); }

std::string NewRunId() {
  std::string stamp = UtcNow("%Y%m%d-%H%M%S");
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", random() & 0xffff);
  return std::string("r-") + stamp + "-" + suffix;
}

// A prepared statement that finalises itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return stmt_ != nullptr; }
  void Bind(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, long long value) { sqlite3_bind_int64(stmt_, i, value); }
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int i) {
    const unsigned char* text = sqlite3_column_text(stmt_, i);
    return text == nullptr ? "" : reinterpret_cast<const char*>(text);
  }
  long long Int(int i) { return sqlite3_column_int64(stmt_, i); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Json ParseStored(const std::string& text) {
  if (text.empty()) return nullptr;
  Json value;
  return TryParseJson(text, &value) ? value : Json(nullptr);
}

bool ProcessAlive(long long pid) {
  if (pid <= 0) return false;
  return std::filesystem::exists("/proc/" + std::to_string(pid));
}

}  // namespace

Journal::~Journal() { sqlite3_close(db_); }

Result<std::unique_ptr<Journal>> Journal::Open(const std::string& path) {
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Invalid("journal " + path + ": cannot open: " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<Journal> journal(new Journal(db, path));
  // WAL with synchronous=FULL: each commit is on disk before SetStep returns.
  Status status = journal->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  if (status.ok()) status = journal->Exec(kSchema);
  if (!status.ok()) return status;
  return journal;
}

Status Journal::Exec(const std::string& sql) {
  // Switching to WAL and creating the schema need the file to themselves for a
  // moment, and SQLite returns SQLITE_BUSY there without calling the busy
  // handler when another process opens the same journal at once: wait here.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (true) {
    char* error = nullptr;
    int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (code == SQLITE_OK) return Status::Ok();
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || std::chrono::steady_clock::now() > deadline) {
      return Status::Failed("journal " + path_ + ": " + message);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Result<std::string> Journal::StartRun(const std::string& workflow_file,
                                      const std::string& workflow_name, const Json& inputs) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string id = NewRunId();
  Statement insert(db_, "INSERT INTO runs (id, workflow_file, workflow_name, state, inputs, pid, "
                        "started_at) VALUES (?, ?, ?, 'running', ?, ?, ?)");
  insert.Bind(1, id);
  insert.Bind(2, workflow_file);
  insert.Bind(3, workflow_name);
  insert.Bind(4, DumpJson(inputs));
  insert.Bind(5, static_cast<long long>(getpid()));
  insert.Bind(6, Now());
  if (!insert.ok() || insert.Step() != SQLITE_DONE) {
    return Status::Failed("journal " + path_ + ": cannot record the run: " + sqlite3_errmsg(db_));
  }
  return id;
}

Status Journal::ReopenRun(const std::string& run_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement update(db_, "UPDATE runs SET state = 'running', pid = ?, finished_at = NULL WHERE id = ?");
  update.Bind(1, static_cast<long long>(getpid()));
  update.Bind(2, run_id);
  if (!update.ok() || update.Step() != SQLITE_DONE) {
    return Status::Failed("journal " + path_ + ": " + sqlite3_errmsg(db_));
  }
  return Status::Ok();
}

Status Journal::SetStep(const std::string& run_id, const JournalStep& step) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement upsert(db_, "INSERT OR REPLACE INTO steps (run_id, idx, step_id, task, state, outputs, "
                        "error, attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  upsert.Bind(1, run_id);
  upsert.Bind(2, static_cast<long long>(step.index));
  upsert.Bind(3, step.id);
  upsert.Bind(4, step.task);
  upsert.Bind(5, step.state);
  upsert.Bind(6, step.outputs.is_null() ? std::string() : DumpJson(step.outputs));
  upsert.Bind(7, step.error.is_null() ? std::string() : DumpJson(step.error));
  upsert.Bind(8, static_cast<long long>(step.attempts));
  upsert.Bind(9, Now());
  if (!upsert.ok() || upsert.Step() != SQLITE_DONE) {
    return Status::Failed("journal " + path_ + ": cannot record step '" + step.id + "': " +
                          sqlite3_errmsg(db_));
  }
  return Status::Ok();
}

Status Journal::FinishRun(const std::string& run_id, const std::string& state, const Json& outputs,
                          const std::string& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement update(db_, "UPDATE runs SET state = ?, outputs = ?, error = ?, finished_at = ? WHERE id = ?");
  update.Bind(1, state);
  update.Bind(2, DumpJson(outputs));
  update.Bind(3, error);
  update.Bind(4, Now());
  update.Bind(5, run_id);
  if (!update.ok() || update.Step() != SQLITE_DONE) {
    return Status::Failed("journal " + path_ + ": " + sqlite3_errmsg(db_));
  }
  return Status::Ok();
}

Result<JournalRun> Journal::LoadRun(const std::string& run_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_, "SELECT id, workflow_file, workflow_name, state, inputs, outputs, error, "
                        "started_at, finished_at, pid FROM runs WHERE id = ?");
  select.Bind(1, run_id);
  if (!select.ok() || select.Step() != SQLITE_ROW) {
    return Status::NotFound("journal " + path_ + ": no run '" + run_id + "'");
  }
  JournalRun run;
  run.id = select.Text(0);
  run.workflow_file = select.Text(1);
  run.workflow_name = select.Text(2);
  run.state = select.Text(3);
  run.inputs = ParseStored(select.Text(4));
  run.outputs = ParseStored(select.Text(5));
  run.error = select.Text(6);
  run.started_at = select.Text(7);
  run.finished_at = select.Text(8);
  if (run.state == "running" && !ProcessAlive(select.Int(9))) run.state = "interrupted";
  Statement steps(db_, "SELECT idx, step_id, task, state, outputs, error, attempts, updated_at "
                       "FROM steps WHERE run_id = ? ORDER BY idx");
  steps.Bind(1, run_id);
  while (steps.ok() && steps.Step() == SQLITE_ROW) {
    JournalStep step;
    step.index = static_cast<int>(steps.Int(0));
    step.id = steps.Text(1);
    step.task = steps.Text(2);
    step.state = steps.Text(3);
    step.outputs = ParseStored(steps.Text(4));
    step.error = ParseStored(steps.Text(5));
    step.attempts = static_cast<int>(steps.Int(6));
    step.updated_at = steps.Text(7);
    run.steps.push_back(std::move(step));
  }
  return run;
}

Result<std::vector<JournalRun>> Journal::ListRuns(int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_, "SELECT id, workflow_file, workflow_name, state, started_at, finished_at, "
                        "error, pid FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?");
  select.Bind(1, static_cast<long long>(limit));
  std::vector<JournalRun> runs;
  while (select.ok() && select.Step() == SQLITE_ROW) {
    JournalRun run;
    run.id = select.Text(0);
    run.workflow_file = select.Text(1);
    run.workflow_name = select.Text(2);
    run.state = select.Text(3);
    run.started_at = select.Text(4);
    run.finished_at = select.Text(5);
    run.error = select.Text(6);
    if (run.state == "running" && !ProcessAlive(select.Int(7))) run.state = "interrupted";
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace wf

// The sandbox: a local server that answers like Intercom's `POST /conversations`
// (and `GET /conversations/{id}`), so that workflows and tests can run without an
// Intercom workspace. It checks the token, the headers and the body the way the
// official API description says, keeps what it created in memory, applies
// Intercom's per-token rate limit, and can inject faults (latency, error answers,
// dropped connections) on demand. Routes under `/__sandbox/` let tests inspect
// and steer it from another process; sandbox/README.md lists every rule.
//
// Thread safety: a Server may be used from any thread. Its state lives behind a
// mutex; Requests(), Conversations() and SetFaults() may be called while it runs.
#ifndef WF_SANDBOX_SANDBOX_H_
#define WF_SANDBOX_SANDBOX_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wf::sandbox {

// Faults injected into the answers of the Intercom routes (`/conversations...`).
// The inspection routes under `/__sandbox/` are never affected.
struct Faults {
  // Wait this long before handling each request.
  int latency_ms = 0;
  // Share (0..1) of answers replaced by `error_status` with an error.list.
  double error_rate = 0;
  // Status used by `error_rate` and `fail_first`. 503 and 4xx statuses answer
  // before anything is done; any other status (500, 502, 504, ...) is an unknown
  // outcome: a valid request is stored first, then the error is answered.
  int error_status = 500;
  // Share (0..1) of requests whose connection is closed without any answer,
  // after the request was handled (a valid create request IS stored): a lost
  // response.
  double drop_rate = 0;
  // The first N authenticated `POST /conversations` within the rate limit answer
  // `error_status`; deterministic, for retry tests. Counting restarts whenever
  // the faults are set.
  int fail_first = 0;
};

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 picks a free port; see port() once started.
  std::vector<std::string> tokens = {"sandbox-token"};  // accepted Bearer tokens
  // JSON array of {"id", "type": "user"|"lead", "external_id"?, "email"?,
  // "name"?}. Empty: DefaultContacts().
  std::string contacts_file;
  // Per token; enforced as ceil(limit / 6) requests per 10-second window, the
  // way Intercom documents it. Must be at least 1.
  int rate_limit_per_minute = 10000;
  Faults faults;
};

// A contact that `from.id` may name (by `id` or by `external_id`).
struct Contact {
  std::string id;           // Intercom-style: 24 lowercase hex characters
  std::string type;         // "user" or "lead"
  std::string external_id;  // empty when the contact has none
  std::string email;
  std::string name;
};

// The contacts used when Options::contacts_file is empty: two users and two
// leads, listed in sandbox/README.md.
const std::vector<Contact>& DefaultContacts();

// The token accepted when Options::tokens is left as it is.
inline constexpr const char* kDefaultToken = "sandbox-token";

class Server {
 public:
  explicit Server(Options options);
  ~Server();  // stops the server
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the contacts, binds the port and serves from a background thread.
  // Returns once the server accepts connections (deadline 5 s). On failure
  // returns false and, when `error` is not null, sets a message that names the
  // address or the contacts file and what is wrong. Calling Start on a running
  // server fails.
  bool Start(std::string* error);
  // Stops serving and joins the thread; safe to call twice or before Start.
  // Stored conversations are kept.
  void Stop();
  // Blocks until the server stops (from Stop() on another thread).
  void Wait();

  int port() const;              // the bound port; 0 before Start
  std::string base_url() const;  // "http://HOST:PORT"

  // Every request to a non-inspection route, oldest first (at most the last
  // 10000): method, path, headers (Authorization shown as "***"), body, time,
  // status (null when the connection was dropped), dropped.
  nlohmann::json Requests() const;
  // Every conversation created, oldest first.
  nlohmann::json Conversations() const;
  // Replaces the faults; restarts the `fail_first` count.
  void SetFaults(const Faults& faults);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The usage text of `wf sandbox` (what --help prints), its synopsis first.
const char* SandboxCommandUsage();

// `wf sandbox ARGS...`: parses the options (see --help), starts a Server,
// prints "sandbox: listening on URL (token: T)" and the contacts to stdout, and
// serves until SIGINT or SIGTERM. Returns 0 after a clean stop, 1 when the
// server cannot start (e.g. the port is taken), 2 on bad usage or a bad contacts
// file. Call it from the main thread before other threads exist: it blocks
// SIGINT and SIGTERM while it runs, and restores the mask on return.
int RunSandboxCommand(const std::vector<std::string>& args);

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_SANDBOX_H_

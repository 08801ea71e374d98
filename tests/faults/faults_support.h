// Helpers of the fault tests: `wf sandbox` as a separate process on a free
// port with a client for its inspection routes, and `wf` children that can be
// killed at any moment. Header-only; POSIX.
#ifndef WF_TESTS_FAULTS_FAULTS_SUPPORT_H_
#define WF_TESTS_FAULTS_FAULTS_SUPPORT_H_

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/json.h"
#include "cli/wf_process.h"
#include "engine/engine_test_support.h"

namespace wf::test {

inline const std::string kWf = WF_BINARY_DIR "/bin/wf";
inline const std::string kFaultsDir = WF_SOURCE_DIR "/tests/faults";
inline const std::string kAda = "6762f0a21bb69f9f2193bb01";

inline void SleepMs(long long ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// A `wf` process started with fork/exec, its stdout and stderr written to files.
class WfChild {
 public:
  WfChild(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
          const std::string& output_prefix)
      : out_path_(output_prefix + ".out"), err_path_(output_prefix + ".err") {
    pid_ = fork();
    if (pid_ == 0) {
      int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int null = open("/dev/null", O_RDONLY);
      if (out < 0 || err < 0 || null < 0) _exit(127);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      dup2(null, STDIN_FILENO);
      unsetenv("INTERCOM_ACCESS_TOKEN");
      for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
      std::vector<std::string> copy = args;
      std::vector<char*> argv;
      std::string binary = kWf;
      argv.push_back(binary.data());
      for (std::string& arg : copy) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    if (pid_ < 0) throw std::runtime_error("fork failed");
  }
  ~WfChild() {
    if (!reaped_) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }
  WfChild(const WfChild&) = delete;
  WfChild& operator=(const WfChild&) = delete;

  pid_t pid() const { return pid_; }
  // True while the process has not exited (it is not reaped here).
  bool Running() {
    if (reaped_) return false;
    siginfo_t info{};
    return waitid(P_PID, pid_, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
  }
  void Kill() {
    if (!reaped_) kill(pid_, SIGKILL);
  }
  // Reaps the process; returns its exit status, or -signal when a signal ended it.
  int Wait() {
    if (!reaped_) {
      int status = 0;
      waitpid(pid_, &status, 0);
      reaped_ = true;
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    return status_;
  }
  std::string Out() const { return ReadFile(out_path_); }
  std::string Err() const { return ReadFile(err_path_); }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string out_path_;
  std::string err_path_;
};

// `wf sandbox --port 0 ARGS...` in a process of its own, stopped (SIGTERM) at
// destruction.
class SandboxProcess {
 public:
  explicit SandboxProcess(const std::vector<std::string>& args = {}) {
    std::vector<std::string> all = {"sandbox", "--port", "0"};
    all.insert(all.end(), args.begin(), args.end());
    child_ = std::make_unique<WfChild>(all, std::map<std::string, std::string>{},
                                       dir_.File("sandbox"));
    // The first line says where it listens; wait for it with a deadline.
    const std::string kPrefix = "sandbox: listening on ";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
      std::string out = child_->Out();
      size_t at = out.find(kPrefix);
      size_t end = at == std::string::npos ? at : out.find(' ', at + kPrefix.size());
      if (end != std::string::npos) {
        url_ = out.substr(at + kPrefix.size(), end - at - kPrefix.size());
        break;
      }
      if (!child_->Running() || std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("wf sandbox did not start: " + child_->Err());
      }
      SleepMs(2);
    }
    port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_tcp_nodelay(true);
    client_->set_read_timeout(10, 0);
  }
  ~SandboxProcess() {
    kill(child_->pid(), SIGTERM);
    child_->Wait();
  }

  const std::string& url() const { return url_; }
  int port() const { return port_; }

  Json Get(const std::string& path) {
    httplib::Result result = client_->Get(path.c_str());
    if (!result || result->status != 200) throw std::runtime_error("sandbox GET " + path + " failed");
    return Json::parse(result->body);
  }
  Json Post(const std::string& path, const Json& body) {
    httplib::Result result = client_->Post(path.c_str(), body.dump(), "application/json");
    if (!result || result->status != 200) throw std::runtime_error("sandbox POST " + path + " failed");
    return result->body.empty() ? Json() : Json::parse(result->body);
  }
  Json Conversations() { return Get("/__sandbox/conversations"); }
  Json Requests() { return Get("/__sandbox/requests"); }
  void Reset() { Post("/__sandbox/reset", Json::object()); }
  void SetFaults(const Json& faults) { Post("/__sandbox/faults", faults); }

  // The conversations whose body starts with `prefix`.
  Json ConversationsStartingWith(const std::string& prefix) {
    Json found = Json::array();
    for (const Json& c : Conversations()) {
      if (c.value("body", "").rfind(prefix, 0) == 0) found.push_back(c);
    }
    return found;
  }

 private:
  TempDir dir_;
  std::unique_ptr<WfChild> child_;
  std::string url_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

// Whether `status` is a process that ended by itself (no signal, no timeout).
inline bool Exited(const WfResult& result) { return !result.timed_out && result.exit_code >= 0; }

}  // namespace wf::test

#endif  // WF_TESTS_FAULTS_FAULTS_SUPPORT_H_

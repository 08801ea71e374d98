// `wf sandbox`: its options, its output, and a clean stop on SIGINT/SIGTERM.
#include <signal.h>

#include <chrono>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

// Captures std::cout and std::cerr while alive.
class CapturedOutput {
 public:
  CapturedOutput()
      : old_out_(std::cout.rdbuf(out_.rdbuf())), old_err_(std::cerr.rdbuf(err_.rdbuf())) {}
  ~CapturedOutput() {
    std::cout.rdbuf(old_out_);
    std::cerr.rdbuf(old_err_);
  }
  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

 private:
  std::ostringstream out_;
  std::ostringstream err_;
  std::streambuf* old_out_;
  std::streambuf* old_err_;
};

// A port that was free a moment ago.
int FreePort() {
  Server probe(Options{});
  std::string error;
  REQUIRE(probe.Start(&error));
  const int port = probe.port();
  probe.Stop();
  return port;
}

TEST_CASE("wf sandbox --help prints the options and succeeds", "[sandbox][command]") {
  CapturedOutput output;
  CHECK(RunSandboxCommand({"--help"}) == 0);
  CHECK(output.out().rfind("usage: wf sandbox [options]\n", 0) == 0);
  for (const char* option :
       {"--port", "--host", "--token", "--contacts", "--rate-limit", "--latency-ms", "--error-rate",
        "--error-status", "--drop-rate", "--fail-first"}) {
    INFO(option);
    CHECK(output.out().find(option) != std::string::npos);
  }
}

TEST_CASE("wf sandbox refuses bad usage with a message and status 2", "[sandbox][command]") {
  std::vector<std::string> args;
  std::string message;
  SECTION("an unknown option") {
    args = {"--prot", "80"};
    message = "unknown option '--prot'";
  }
  SECTION("a stray argument") {
    args = {"serve"};
    message = "unexpected argument 'serve'";
  }
  SECTION("an option without its value") {
    args = {"--port"};
    message = "--port needs a value";
  }
  SECTION("a port out of range") {
    args = {"--port", "70000"};
    message = "--port needs a port from 0 to 65535; got '70000'";
  }
  SECTION("a rate that is not a share") {
    args = {"--error-rate=1.5"};
    message = "--error-rate needs a share from 0 to 1; got '1.5'";
  }
  SECTION("a status that is not an error") {
    args = {"--error-status", "302"};
    message = "--error-status needs an HTTP status from 400 to 599; got '302'";
  }
  SECTION("a rate limit of zero") {
    args = {"--rate-limit", "0"};
    message = "--rate-limit needs a whole number of at least 1; got '0'";
  }
  SECTION("a count that is not a number") {
    args = {"--fail-first", "two"};
    message = "--fail-first needs a whole number of 0 or more; got 'two'";
  }
  SECTION("a contacts file that cannot be read") {
    args = {"--contacts", "/nonexistent/contacts.json"};
    message = "contacts file '/nonexistent/contacts.json': cannot be opened";
  }
  CapturedOutput output;
  CHECK(RunSandboxCommand(args) == 2);
  CHECK(output.err() == "wf sandbox: " + message + "\n(see 'wf sandbox --help')\n");
  CHECK(output.out().empty());
}

TEST_CASE("wf sandbox fails with status 1 when its port is taken", "[sandbox][command]") {
  RunningSandbox taken;
  CapturedOutput output;
  CHECK(RunSandboxCommand({"--port", std::to_string(taken.server().port())}) == 1);
  CHECK(output.err() ==
        "wf sandbox: cannot listen on 127.0.0.1:" + std::to_string(taken.server().port()) +
            ": the port is in use or the address is not available here\n");
}

TEST_CASE("wf sandbox serves until SIGINT or SIGTERM, then stops cleanly", "[sandbox][command]") {
  const int stop_signal = GENERATE(SIGINT, SIGTERM);
  const int port = FreePort();

  // Block the signal here too, so that only the command's watcher takes it.
  sigset_t signals, previous;
  sigemptyset(&signals);
  sigaddset(&signals, stop_signal);
  pthread_sigmask(SIG_BLOCK, &signals, &previous);

  CapturedOutput output;
  std::future<int> command = std::async(std::launch::async, [port] {
    return RunSandboxCommand(
        {"--port", std::to_string(port), "--token", "t1", "--rate-limit", "60"});
  });
  // Should an assertion below end the test early, stop the command anyway:
  // the future's destructor waits for it.
  struct StopCommand {
    std::future<int>& command;
    int signal_number;
    ~StopCommand() {
      if (command.valid()) kill(getpid(), signal_number);
    }
  } stop_command{command, stop_signal};

  httplib::Client client("127.0.0.1", port);
  client.set_tcp_nodelay(true);
  bool ready = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!(ready = static_cast<bool>(client.Get("/__sandbox/health"))) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(ready);
  httplib::Result created =
      client.Post("/conversations", AuthHeaders("t1"), kValidBody, "application/json");
  REQUIRE(created);
  CHECK(created->status == 200);
  CHECK(created->get_header_value("X-RateLimit-Limit") == "10");  // 60 a minute: 10 a window

  kill(getpid(), stop_signal);
  REQUIRE(command.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(command.get() == 0);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);

  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  CHECK(
      output.out() ==
      "sandbox: listening on " + url +
          " (token: t1)\n"
          "sandbox: contacts (from.type and from.id):\n"
          "  user  6762f0a21bb69f9f2193bb01  external_id=user-1  ada@example.com  (Ada Lovelace)\n"
          "  user  6762f0a21bb69f9f2193bb02  external_id=user-2  grace@example.com  (Grace "
          "Hopper)\n"
          "  lead  6762f0a21bb69f9f2193bb11  katherine@example.com  (Katherine Johnson)\n"
          "  lead  6762f0a21bb69f9f2193bb12  alan@example.com  (Alan Turing)\n"
          "sandbox: stopping\n");
  CHECK_FALSE(client.Get("/__sandbox/health"));
}

}  // namespace
}  // namespace wf::sandbox::testing

// `wf sandbox`: the sandbox as a process of its own, until Ctrl-C.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>
#include <thread>

#include "sandbox/contacts.h"
#include "sandbox/faults.h"
#include "sandbox/sandbox.h"

namespace wf::sandbox {

namespace {

constexpr int kDefaultCommandPort = 4010;

constexpr const char* kUsage =
    "usage: wf sandbox [options]\n"
    "\n"
    "Runs a local server that answers like Intercom's POST /conversations, until\n"
    "Ctrl-C. Point a workflow at it with base_url, or use --sandbox on other\n"
    "commands to run one in-process.\n"
    "\n"
    "options:\n"
    "  --port N           port to listen on (default 4010; 0 picks a free one)\n"
    "  --host H           address to listen on (default 127.0.0.1)\n"
    "  --token T          accepted access token; repeat for several\n"
    "                     (default: sandbox-token)\n"
    "  --contacts FILE    JSON array of {id, type: user|lead, external_id?, email?,\n"
    "                     name?} (default: two users and two leads, printed at start)\n"
    "  --rate-limit N     requests a minute per token, enforced per 10 s window\n"
    "                     (default 10000)\n"
    "  --latency-ms N     wait N ms before each answer\n"
    "  --error-rate R     share (0..1) of answers replaced by --error-status\n"
    "  --error-status S   status of injected errors (default 500)\n"
    "  --drop-rate R      share (0..1) of requests answered by closing the connection\n"
    "  --fail-first N     the first N create requests answer --error-status\n"
    "  --help             show this text\n"
    "\n"
    "Inspect it at /__sandbox/requests, /__sandbox/conversations, /__sandbox/contacts;\n"
    "POST /__sandbox/reset and POST /__sandbox/faults steer it.\n";

}  // namespace

const char* SandboxCommandUsage() { return kUsage; }

namespace {

int UsageError(const std::string& message) {
  std::cerr << "wf sandbox: " << message << "\n(see 'wf sandbox --help')\n";
  return 2;
}

std::optional<long long> ParseInteger(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t used = 0;
  try {
    const long long value = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<double> ParseRate(const std::string& text) {
  size_t used = 0;
  try {
    const double value = std::stod(text, &used);
    if (used != text.size() || !(value >= 0 && value <= 1)) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Fills `options` from the arguments; returns an error message, or "" when the
// arguments are good. Sets `help` for --help.
std::string ParseArguments(const std::vector<std::string>& args, Options* options, bool* help) {
  options->port = kDefaultCommandPort;
  bool tokens_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> value;
    if (const size_t equals = flag.find('=');
        flag.rfind("--", 0) == 0 && equals != std::string::npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    }
    if (flag == "--help" || flag == "-h") {
      *help = true;
      return "";
    }
    static const std::vector<std::string> kWithValue = {
        "--port",       "--host",       "--token",        "--contacts",  "--rate-limit",
        "--latency-ms", "--error-rate", "--error-status", "--drop-rate", "--fail-first"};
    if (std::find(kWithValue.begin(), kWithValue.end(), flag) == kWithValue.end()) {
      return flag.rfind("-", 0) == 0 ? "unknown option '" + flag + "'"
                                     : "unexpected argument '" + flag + "'";
    }
    if (!value) {
      if (i + 1 >= args.size()) return flag + " needs a value";
      value = args[++i];
    }
    const std::optional<long long> number = ParseInteger(*value);
    const std::optional<double> rate = ParseRate(*value);
    auto bad = [&](const std::string& wanted) {
      return flag + " needs " + wanted + "; got '" + *value + "'";
    };
    if (flag == "--port") {
      if (!number || *number < 0 || *number > 65535) return bad("a port from 0 to 65535");
      options->port = static_cast<int>(*number);
    } else if (flag == "--host") {
      if (value->empty()) return bad("an address");
      options->host = *value;
    } else if (flag == "--token") {
      if (value->empty()) return bad("a non-empty token");
      if (!tokens_given) options->tokens.clear();
      tokens_given = true;
      options->tokens.push_back(*value);
    } else if (flag == "--contacts") {
      options->contacts_file = *value;
    } else if (flag == "--rate-limit") {
      if (!number || *number < 1 || *number > 100000000) return bad("a whole number of at least 1");
      options->rate_limit_per_minute = static_cast<int>(*number);
    } else if (flag == "--latency-ms") {
      if (!number || *number < 0 || *number > 600000) return bad("milliseconds from 0 to 600000");
      options->faults.latency_ms = static_cast<int>(*number);
    } else if (flag == "--error-rate") {
      if (!rate) return bad("a share from 0 to 1");
      options->faults.error_rate = *rate;
    } else if (flag == "--error-status") {
      if (!number || *number < 400 || *number > 599) return bad("an HTTP status from 400 to 599");
      options->faults.error_status = static_cast<int>(*number);
    } else if (flag == "--drop-rate") {
      if (!rate) return bad("a share from 0 to 1");
      options->faults.drop_rate = *rate;
    } else if (flag == "--fail-first") {
      if (!number || *number < 0 || *number > 1000000000) return bad("a whole number of 0 or more");
      options->faults.fail_first = static_cast<int>(*number);
    }
  }
  return "";
}

void PrintReady(const Server& server, const Options& options,
                const std::vector<Contact>& contacts) {
  std::string tokens;
  for (const std::string& token : options.tokens) tokens += (tokens.empty() ? "" : ", ") + token;
  std::cout << "sandbox: listening on " << server.base_url() << " ("
            << (options.tokens.size() == 1 ? "token: " : "tokens: ") << tokens << ")\n";
  std::cout << "sandbox: contacts (from.type and from.id):\n";
  for (const Contact& contact : contacts) {
    std::cout << "  " << contact.type << "  " << contact.id;
    if (!contact.external_id.empty()) std::cout << "  external_id=" << contact.external_id;
    if (!contact.email.empty()) std::cout << "  " << contact.email;
    if (!contact.name.empty()) std::cout << "  (" << contact.name << ")";
    std::cout << "\n";
  }
  std::cout << std::flush;
}

}  // namespace

int RunSandboxCommand(const std::vector<std::string>& args) {
  Options options;
  bool help = false;
  if (std::string problem = ParseArguments(args, &options, &help); !problem.empty()) {
    return UsageError(problem);
  }
  if (help) {
    std::cout << kUsage;
    return 0;
  }
  // Read the contacts here too, so that a bad file is a usage error (2), not a
  // failure to start (1).
  std::vector<Contact> contacts = DefaultContacts();
  std::string problem;
  if (!options.contacts_file.empty() &&
      !LoadContactsFile(options.contacts_file, &contacts, &problem)) {
    return UsageError(problem);
  }

  // Block the stop signals in this thread before the server's threads exist, so
  // that they inherit the mask and only the watcher below receives them.
  sigset_t stop_signals, previous_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous_mask);

  Server server(options);
  if (!server.Start(&problem)) {
    pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    std::cerr << "wf sandbox: " << problem << "\n";
    return 1;
  }
  PrintReady(server, options, contacts);

  std::atomic<bool> stopped{false};
  std::thread watcher([&] {
    while (!stopped) {
      const timespec slice{0, 200 * 1000 * 1000};
      const int signal_number = sigtimedwait(&stop_signals, nullptr, &slice);
      if (signal_number == SIGINT || signal_number == SIGTERM) {
        std::cout << "sandbox: stopping\n" << std::flush;
        server.Stop();
        return;
      }
    }
  });
  server.Wait();
  stopped = true;
  watcher.join();
  server.Stop();
  pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
  return 0;
}

}  // namespace wf::sandbox

#include "cli/commands.h"

#include "sandbox/sandbox.h"

namespace wf::cli {
namespace {

constexpr char kPrefix[] = "usage: wf ";

int SandboxCommand(const Args& args) { return sandbox::RunSandboxCommand(args); }

// The synopsis lines of a usage text, as the main usage lists them: the first
// line without "usage: wf ", and the continuation lines that follow (those
// that go on with an option in brackets), moved left as far.
std::string Synopsis(const std::string& usage) {
  const size_t shift = sizeof kPrefix - 1 - 2;  // "usage: wf " becomes "  "
  std::string out;
  size_t start = 0;
  bool first = true;
  while (start < usage.size()) {
    size_t end = usage.find('\n', start);
    if (end == std::string::npos) end = usage.size();
    std::string line = usage.substr(start, end - start);
    start = end + 1;
    if (first) {
      out += "  " + (line.rfind(kPrefix, 0) == 0 ? line.substr(sizeof kPrefix - 1) : line) + "\n";
      first = false;
      continue;
    }
    size_t text = line.find_first_not_of(' ');
    if (text == std::string::npos || text < shift || line[text] != '[') break;
    out += line.substr(shift) + "\n";
  }
  return out;
}

}  // namespace

const std::vector<Command>& AllCommands() {
  static const std::vector<Command> kCommands = {
      {"run", kRunUsage, &RunCommand},
      {"resume", kResumeUsage, &ResumeCommand},
      {"runs", kRunsUsage, &RunsCommand},
      {"validate", kValidateUsage, &ValidateCommand},
      {"test-request", kTestRequestUsage, &TestRequestCommand},
      {"serve", kServeUsage, &ServeCommand},
      {"sandbox", sandbox::SandboxCommandUsage(), &SandboxCommand},
      {"plugins", kPluginsUsage, &PluginsCommand},
  };
  return kCommands;
}

std::string MainUsage() {
  std::string out = "usage: wf <command> [options]\n\ncommands:\n";
  for (const Command& command : AllCommands()) out += Synopsis(command.usage);
  out += "\nexit status: 0 success, 1 the workflow or request failed, 2 bad usage or invalid input\n";
  return out;
}

}  // namespace wf::cli

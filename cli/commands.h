// The wf subcommands. Each takes the arguments after its name and returns the
// process exit status: 0 success, 1 the workflow or request failed, 2 bad
// usage or an invalid definition or input.
#ifndef WF_CLI_COMMANDS_H_
#define WF_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace wf::cli {

using Args = std::vector<std::string>;

// One subcommand: its name, its usage text (the synopsis, "usage: wf NAME
// ...", and its continuation lines first; then anything else it explains),
// and the function that runs it.
struct Command {
  const char* name;
  const char* usage;
  int (*run)(const Args& args);
};

// Every command, in the order `wf help` lists them.
const std::vector<Command>& AllCommands();

// What `wf` alone and `wf help` print: each command's synopsis, taken from
// its own usage text so that the two cannot drift apart.
std::string MainUsage();

extern const char kRunUsage[];
extern const char kResumeUsage[];
extern const char kRunsUsage[];
extern const char kValidateUsage[];
extern const char kTestRequestUsage[];
extern const char kServeUsage[];
extern const char kPluginsUsage[];

int RunCommand(const Args& args);
int ResumeCommand(const Args& args);
int RunsCommand(const Args& args);
int ValidateCommand(const Args& args);
int TestRequestCommand(const Args& args);
int PluginsCommand(const Args& args);
int ServeCommand(const Args& args);

}  // namespace wf::cli

#endif  // WF_CLI_COMMANDS_H_

// The wf subcommands. Each takes the arguments after its name and returns the
// process exit status: 0 success, 1 the workflow or request failed, 2 bad
// usage or an invalid definition or input.
#ifndef WF_CLI_COMMANDS_H_
#define WF_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace wf::cli {

using Args = std::vector<std::string>;

int RunCommand(const Args& args);
int ResumeCommand(const Args& args);
int RunsCommand(const Args& args);
int ValidateCommand(const Args& args);
int TestRequestCommand(const Args& args);
int PluginsCommand(const Args& args);
int ServeCommand(const Args& args);

}  // namespace wf::cli

#endif  // WF_CLI_COMMANDS_H_

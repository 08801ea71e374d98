// A small command-line parser for the wf subcommands: `--name value`,
// `--name=value`, boolean `--name`, repeated flags and positional arguments.
#ifndef WF_CLI_FLAGS_H_
#define WF_CLI_FLAGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

namespace wf::cli {

struct Flags {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // flag -> every value given
  std::set<std::string> switches;

  bool Has(const std::string& name) const { return switches.count(name) > 0 || values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& All(const std::string& name) const;
};

// `with_value` names flags that take a value; `switches` names boolean flags.
// On error returns false with a message such as "unknown flag --foo".
bool ParseFlags(const std::vector<std::string>& args, const std::set<std::string>& with_value,
                const std::set<std::string>& switches, Flags* flags, std::string* error);

// Parses a port number (1..65535, or 0 when `allow_zero`).
bool ParsePort(const std::string& text, int* port, bool allow_zero = false);

}  // namespace wf::cli

#endif  // WF_CLI_FLAGS_H_

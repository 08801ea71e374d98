#include "cli/flags.h"

namespace wf::cli {

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto found = values.find(name);
  return found == values.end() || found->second.empty() ? fallback : found->second.back();
}

const std::vector<std::string>& Flags::All(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto found = values.find(name);
  return found == values.end() ? kNone : found->second;
}

bool ParseFlags(const std::vector<std::string>& args, const std::set<std::string>& with_value,
                const std::set<std::string>& switches, Flags* flags, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      flags->positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool inline_value = false;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (switches.count(name) > 0) {
      if (inline_value) {
        *error = "--" + name + " takes no value";
        return false;
      }
      flags->switches.insert(name);
    } else if (with_value.count(name) > 0) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          *error = "--" + name + " needs a value";
          return false;
        }
        value = args[++i];
      }
      flags->values[name].push_back(value);
    } else {
      *error = "unknown flag --" + name;
      return false;
    }
  }
  return true;
}

bool ParsePort(const std::string& text, int* port, bool allow_zero) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  int value = std::stoi(text);
  if (value > 65535 || (value == 0 && !allow_zero)) return false;
  *port = value;
  return true;
}

}  // namespace wf::cli

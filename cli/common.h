// Pieces the subcommands share: loading plugins and secrets, printing.
#ifndef WF_CLI_COMMON_H_
#define WF_CLI_COMMON_H_

#include <memory>
#include <string>

#include "base/json.h"
#include "base/status.h"
#include "cli/flags.h"
#include "engine/secrets.h"
#include "engine/task_registry.h"

namespace wf::cli {

// Prints "wf: <message>" to stderr and returns the status's exit code.
int Fail(const Status& status);
int Usage(const std::string& message, const char* usage);

// The registry from the default plugin search path; prints load problems of
// plugins to stderr only when `verbose`.
std::unique_ptr<TaskRegistry> LoadRegistry();

// Secrets from --secrets-file if given, else an empty store over the environment.
Result<Secrets> LoadSecrets(const Flags& flags);

// Sets `path` (dotted, e.g. from.type) in `object` to `value`.
Status SetDotted(Json* object, const std::string& path, const Json& value);

// Prints a JSON value for people: strings as they are, the rest as JSON.
std::string Plain(const Json& value);

}  // namespace wf::cli

#endif  // WF_CLI_COMMON_H_

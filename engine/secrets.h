// Secrets and redaction.
//
// Secrets come from a --secrets-file (a YAML or JSON mapping of names to text;
// refused when other users may read it) and, failing that, from the
// environment variable of the same name. A Redactor remembers every secret
// value a run has used and replaces it with "***" wherever text leaves the
// engine (logs, errors, outputs, --json, the journal, the editor), and always
// hides Authorization headers. Both are thread-safe.
#ifndef WF_ENGINE_SECRETS_H_
#define WF_ENGINE_SECRETS_H_

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "base/json.h"
#include "base/status.h"

namespace wf {

class Redactor {
 public:
  Redactor() = default;
  Redactor(const Redactor& other);
  Redactor& operator=(const Redactor& other);

  // Remembers a secret value. Values shorter than 4 bytes are remembered too
  // but only hidden where they are a whole string, so that "abc" does not
  // mangle every word containing it.
  void Add(const std::string& secret);

  std::string Redact(const std::string& text) const;
  // Redacts every string (keys stay), and every value under a header named
  // Authorization, Proxy-Authorization, Cookie or Set-Cookie.
  Json Redact(const Json& value) const;

 private:
  mutable std::mutex mutex_;
  std::set<std::string> secrets_;
};

class Secrets {
 public:
  Secrets() = default;

  // Reads a secrets file. Refused when group or others may read it.
  static Result<Secrets> FromFile(const std::string& path);

  // The value of `name` (file first, then environment), remembered by the redactor.
  bool Get(const std::string& name, std::string* value) const;
  // Sets a value (for example the sandbox's token).
  void Set(const std::string& name, const std::string& value);

  // Hides `value` wherever text leaves the engine, without naming it as a
  // secret (the sandbox's token, say).
  void Hide(const std::string& value) { redactor_.Add(value); }

  // What the secrets hide, for redacting output. Read-only: values are added
  // through Get, Set and Hide.
  const Redactor& redactor() const { return redactor_; }

 private:
  std::map<std::string, std::string> values_;
  // Mutable: Get() remembers each value it hands out (Redactor is thread-safe).
  mutable Redactor redactor_;
};

// Header names whose values are always hidden.
bool IsSensitiveHeader(const std::string& name);

}  // namespace wf

#endif  // WF_ENGINE_SECRETS_H_

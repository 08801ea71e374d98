// Status and Result<T>: errors as values across the engine.
//
// A Status carries a code and a message that says where and what
// ("workflows/x.yaml:12:5: unknown task 'foo'"). Result<T> holds either a value
// or a non-ok Status. Neither throws; `ok()` is the check. Thread-compatible.
#ifndef WF_BASE_STATUS_H_
#define WF_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace wf {

enum class StatusCode {
  kOk = 0,
  kInvalid,      // bad definition, input or usage: exit status 2
  kNotFound,     // a file, plugin or task that is not there: exit status 2
  kFailed,       // the workflow or request failed: exit status 1
  kUnavailable,  // no response (refused, timed out, TLS): exit status 1
  kInternal,     // a broken invariant of ours: exit status 1
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string message) { return {StatusCode::kInvalid, std::move(message)}; }
  static Status NotFound(std::string message) { return {StatusCode::kNotFound, std::move(message)}; }
  static Status Failed(std::string message) { return {StatusCode::kFailed, std::move(message)}; }
  static Status Unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  static Status Internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // The exit status README.md ("Commands") gives: 0 ok, 2 invalid input, 1 otherwise.
  int ExitCode() const {
    switch (code_) {
      case StatusCode::kOk: return 0;
      case StatusCode::kInvalid:
      case StatusCode::kNotFound: return 2;
      default: return 1;
    }
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() { assert(ok()); return *value_; }
  const T& value() const { assert(ok()); return *value_; }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace wf

#endif  // WF_BASE_STATUS_H_

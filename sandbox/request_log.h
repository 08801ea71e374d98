// The log of requests the sandbox received, for tests and for users to see what
// a workflow really sent. Secrets stay out: the Authorization value is masked.
// Not thread-safe: the server calls it under its lock.
#ifndef WF_SANDBOX_REQUEST_LOG_H_
#define WF_SANDBOX_REQUEST_LOG_H_

#include <httplib.h>

#include <cstddef>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>

namespace wf::sandbox {

class RequestLog {
 public:
  // Keeps the most recent `capacity` records.
  explicit RequestLog(size_t capacity) : capacity_(capacity) {}

  // Records `request`, answered with `status`, or dropped when status is
  // nullopt. `received_at` is Unix time in seconds.
  void Add(const httplib::Request& request, std::optional<int> status, double received_at);

  // [{"method","path","query","headers","body","time","status","dropped"}...],
  // oldest first.
  nlohmann::json Json() const;

  void Clear() { records_.clear(); }

 private:
  size_t capacity_;
  std::deque<nlohmann::json> records_;
};

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_REQUEST_LOG_H_

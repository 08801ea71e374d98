// What a running sandbox knows and does, behind one mutex: the contacts, the
// conversations it created, the request log, the rate limiter and the fault
// injector, and the handlers of its routes. sandbox.cc owns the HTTP server
// and the thread; this is the part the routes call.
#ifndef WF_SANDBOX_SERVER_STATE_H_
#define WF_SANDBOX_SERVER_STATE_H_

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "sandbox/conversations.h"
#include "sandbox/errors.h"
#include "sandbox/faults.h"
#include "sandbox/rate_limit.h"
#include "sandbox/request_log.h"
#include "sandbox/sandbox.h"

namespace wf::sandbox {

class ServerState {
 public:
  explicit ServerState(const Options& options);

  void SetContacts(std::vector<Contact> contacts);

  // Adds every route to `http`: the Intercom routes, the /__sandbox/ routes,
  // and an error handler that gives unrouted requests an error.list.
  void RegisterRoutes(httplib::Server& http);

  nlohmann::json Requests() const;
  nlohmann::json Conversations() const;
  nlohmann::json Contacts() const;
  void SetFaults(const Faults& faults);
  // Forgets requests, conversations and rate windows; faults return to the
  // ones the server was started with.
  void Reset();

 private:
  using ApiHandler = std::function<Answer(const httplib::Request&)>;

  // The common path of the Intercom routes: latency, token, rate limit and
  // faults around `handle`, then the answer (or a dropped connection) and a
  // record in the log.
  void ServeApi(const httplib::Request& request, httplib::Response& response, bool is_create,
                const ApiHandler& handle);
  Answer CreateConversation(const httplib::Request& request);
  Answer RetrieveConversation(const httplib::Request& request);

  void RegisterInspectionRoutes(httplib::Server& http);

  const std::vector<std::string> tokens_;
  const Faults initial_faults_;

  mutable std::mutex mutex_;
  std::vector<Contact> contacts_;
  std::vector<Conversation> conversations_;
  std::unordered_map<std::string, size_t> conversation_index_;  // id -> position
  int64_t conversations_created_ = 0;                           // never reset: ids stay unique
  RequestLog log_;
  RateLimiter rate_limiter_;
  FaultInjector faults_;
};

// Writes `answer` as JSON; invalid UTF-8 from a client is replaced, not thrown.
void WriteAnswer(httplib::Response& response, const Answer& answer);

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_SERVER_STATE_H_

#include "sandbox/server_state.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "sandbox/connection.h"
#include "sandbox/contacts.h"
#include "sandbox/validate_request.h"

namespace wf::sandbox {

namespace {

constexpr size_t kRequestLogCapacity = 10000;

double UnixSecondsNow() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() / 1000.0;
}

int64_t UnixTimeNow() { return static_cast<int64_t>(UnixSecondsNow()); }

bool IsInspectionPath(const std::string& path) { return path.rfind("/__sandbox/", 0) == 0; }

void SetRateLimitHeaders(httplib::Response& response, const RateLimitVerdict& verdict) {
  response.set_header("X-RateLimit-Limit", std::to_string(verdict.limit));
  response.set_header("X-RateLimit-Remaining", std::to_string(verdict.remaining));
  response.set_header("X-RateLimit-Reset", std::to_string(verdict.reset_at));
}

std::optional<Answer> CheckApiHeaders(const httplib::Request& request, bool needs_json_body) {
  return CheckHeaders(request.get_header_value("Accept"),
                      request.get_header_value("Intercom-Version"),
                      request.has_header("Intercom-Version"),
                      request.get_header_value("Content-Type"), needs_json_body);
}

}  // namespace

void WriteAnswer(httplib::Response& response, const Answer& answer) {
  response.status = answer.status;
  const auto request_id = answer.body.find("request_id");
  response.set_header("X-Request-Id", request_id != answer.body.end() && request_id->is_string()
                                          ? request_id->get<std::string>()
                                          : NewRequestId());
  response.set_content(answer.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json; charset=utf-8");
}

ServerState::ServerState(const Options& options)
    : tokens_(options.tokens),
      initial_faults_(options.faults),
      log_(kRequestLogCapacity),
      rate_limiter_(options.rate_limit_per_minute),
      faults_(options.faults) {}

void ServerState::SetContacts(std::vector<Contact> contacts) {
  std::lock_guard<std::mutex> lock(mutex_);
  contacts_ = std::move(contacts);
}

void ServerState::RegisterRoutes(httplib::Server& http) {
  http.Post("/conversations", [this](const httplib::Request& request, httplib::Response& response) {
    ServeApi(request, response, /*is_create=*/true,
             [this](const httplib::Request& r) { return CreateConversation(r); });
  });
  http.Get(R"(/conversations/([^/]+))",
           [this](const httplib::Request& request, httplib::Response& response) {
             ServeApi(request, response, /*is_create=*/false,
                      [this](const httplib::Request& r) { return RetrieveConversation(r); });
           });
  RegisterInspectionRoutes(http);
  // httplib answers unknown routes and methods (404, as Intercom does) and
  // malformed requests with an empty body: give them an error.list too.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (!IsInspectionPath(request.path)) {
          std::lock_guard<std::mutex> lock(mutex_);
          log_.Add(request, response.status, UnixSecondsNow());
        }
        WriteAnswer(response, ErrorAnswer(response.status, {UnroutedError(response.status)}));
        return httplib::Server::HandlerResponse::Handled;
      }));
}

void ServerState::ServeApi(const httplib::Request& request, httplib::Response& response,
                           bool is_create, const ApiHandler& handle) {
  const double received_at = UnixSecondsNow();
  int latency_ms;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    latency_ms = faults_.faults().latency_ms;
  }
  if (latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms));

  Answer answer;
  bool drop = false;
  const std::optional<std::string> token = BearerToken(request.get_header_value("Authorization"));
  if (!token || std::find(tokens_.begin(), tokens_.end(), *token) == tokens_.end()) {
    // Intercom's own code and message for a missing or unknown token.
    answer = ErrorAnswer(401, {{"unauthorized", "Access Token Invalid", ""}});
  } else {
    RateLimitVerdict verdict;
    FaultDecision fault;
    int window_limit;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      verdict = rate_limiter_.Take(*token, UnixTimeNow());
      window_limit = rate_limiter_.window_limit();
      if (verdict.allowed) fault = faults_.Decide(is_create);
    }
    SetRateLimitHeaders(response, verdict);
    if (!verdict.allowed) {
      // The wording Intercom's rate-limit page documents for this code.
      answer = ErrorAnswer(
          429, {{"rate_limit_exceeded",
                 "Exceeded rate limit of " + std::to_string(window_limit) + " in 10_seconds", ""}});
    } else if (fault.error_status != 0 && !HandledBeforeInjectedError(fault.error_status)) {
      answer = ErrorAnswer(fault.error_status, {InjectedFaultError(fault.error_status)});
    } else {
      answer = handle(request);
      if (fault.error_status != 0) {
        answer = ErrorAnswer(fault.error_status, {InjectedFaultError(fault.error_status)});
      }
      drop = fault.drop;
    }
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.Add(request, drop ? std::nullopt : std::optional<int>(answer.status), received_at);
  }
  if (drop) {
    DroppingHttpServer::DropCurrentResponse();
    return;
  }
  WriteAnswer(response, answer);
}

Answer ServerState::CreateConversation(const httplib::Request& request) {
  if (std::optional<Answer> refused = CheckApiHeaders(request, /*needs_json_body=*/true)) {
    return *refused;
  }
  ConversationRequest parsed;
  std::vector<ApiError> errors = ParseConversationRequest(request.body, &parsed);
  if (!errors.empty()) return ErrorAnswer(400, std::move(errors));

  std::lock_guard<std::mutex> lock(mutex_);
  const Contact* contact = FindContact(contacts_, parsed.from_type, parsed.from_id);
  if (contact == nullptr) {
    // Intercom's own code and message when `from` names nobody.
    return ErrorAnswer(404, {{"not_found", "User Not Found", ""}});
  }
  ++conversations_created_;
  Conversation conversation;
  conversation.id = std::to_string(conversations_created_);
  conversation.message_id = std::to_string(400000000 + conversations_created_);
  conversation.contact = *contact;
  conversation.from_type = parsed.from_type;
  conversation.from_id = parsed.from_id;
  conversation.body = parsed.body;
  conversation.subject = parsed.subject;
  conversation.attachment_urls = parsed.attachment_urls;
  conversation.created_at = parsed.created_at.value_or(UnixTimeNow());
  conversation.message_type = parsed.message_type;
  conversation_index_[conversation.id] = conversations_.size();
  conversations_.push_back(std::move(conversation));
  return {200, MessageJson(conversations_.back())};
}

Answer ServerState::RetrieveConversation(const httplib::Request& request) {
  if (std::optional<Answer> refused = CheckApiHeaders(request, /*needs_json_body=*/false)) {
    return *refused;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = conversation_index_.find(request.matches[1].str());
  if (found == conversation_index_.end()) {
    return ErrorAnswer(404, {{"not_found", "Resource Not Found", ""}});
  }
  return {200, ConversationJson(conversations_[found->second])};
}

nlohmann::json ServerState::Requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return log_.Json();
}

nlohmann::json ServerState::Conversations() const {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json list = nlohmann::json::array();
  for (const Conversation& conversation : conversations_) {
    list.push_back(StoredConversationJson(conversation));
  }
  return list;
}

nlohmann::json ServerState::Contacts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json list = nlohmann::json::array();
  for (const Contact& contact : contacts_) list.push_back(ContactJson(contact));
  return list;
}

void ServerState::SetFaults(const Faults& faults) {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.Set(faults);
}

void ServerState::Reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  log_.Clear();
  conversations_.clear();
  conversation_index_.clear();
  rate_limiter_.Clear();
  faults_.Set(initial_faults_);
}

}  // namespace wf::sandbox

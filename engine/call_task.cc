#include "engine/call_task.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <random>
#include <thread>

#include "base/ascii.h"
#include "base/clock.h"
#include "base/quote.h"
#include "engine/secrets.h"
#include "wf/json_text.hpp"
#include "wf/retry_timing.hpp"

namespace wf {
namespace {

using Clock = std::chrono::steady_clock;


HttpOptions OptionsFor(const Json& request) {
  HttpOptions options;
  if (request.contains("timeouts") && request["timeouts"].is_object()) {
    const Json& t = request["timeouts"];
    options.connect_timeout_ms = t.value("connect_ms", options.connect_timeout_ms);
    options.read_timeout_ms = t.value("read_ms", options.read_timeout_ms);
  }
  return options;
}

// A boolean member of `object`, if it has one.
std::optional<bool> BooleanMember(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto found = object.find(key);
  if (found == object.end() || !found->is_boolean()) return std::nullopt;
  return found->get<bool>();
}

// The request says, else the task's description says, else the method does.
bool IsIdempotent(const TaskType& task, const Json& request, const std::string& method) {
  if (auto said = BooleanMember(request, "idempotent")) return *said;
  const Json& described = task.Describe();
  auto settings = described.is_object() ? described.find("request") : described.end();
  if (settings != described.end()) {
    if (auto said = BooleanMember(*settings, "idempotent")) return *said;
  }
  return !EqualsIgnoringCase(method, "POST") && !EqualsIgnoringCase(method, "PATCH");  // sent as upper case
}

long long BackoffMs(const RetryPolicy& policy, int attempt) {
  double delay = policy.delay_ms;
  if (policy.exponential) delay *= std::pow(2.0, attempt - 1);
  delay = std::min<double>(delay, policy.max_delay_ms);
  if (policy.jitter > 0) {
    thread_local std::mt19937 random{std::random_device{}()};
    std::uniform_real_distribution<double> spread(1 - policy.jitter, 1 + policy.jitter);
    delay *= spread(random);
  }
  return static_cast<long long>(delay);
}

// The answer as steps keep it: the first value of each header, and the body
// parsed when it is JSON (else its text).
Json ResponseJson(const HttpResponse& response) {
  Json headers = Json::object();
  for (const auto& [name, value] : response.headers) headers.emplace(name, value);  // first wins
  Json body;
  if (!TryParseJson(response.body, &body)) body = response.body;
  Json kept = Json::object();
  kept["status"] = response.status;
  kept["headers"] = std::move(headers);
  kept["body"] = std::move(body);
  return kept;
}

// The rate limiter's key for a prepared request: its origin and a hash of
// its Authorization (never the token itself).
std::string RateLimitKey(const Json& request) {
  std::string_view url;
  auto url_member = request.find("url");
  if (url_member != request.end() && url_member->is_string()) url = url_member->get_ref<const std::string&>();
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  std::string_view origin = url.substr(0, path);
  std::string_view auth;
  auto headers = request.find("headers");
  if (headers != request.end() && headers->is_object()) {
    for (const char* name : {"Authorization", "authorization"}) {
      auto value = headers->find(name);
      if (value != headers->end() && value->is_string()) auth = value->get_ref<const std::string&>();
    }
  }
  std::string key(origin);
  key += '#';
  key += std::to_string(std::hash<std::string_view>{}(auth));
  return key;
}

// What to do after one attempt.
struct Verdict {
  bool done = true;
  long long wait_ms = 0;
  std::string reason;
};

}  // namespace

HttpRequest ToHttpRequest(const Json& request) {
  HttpRequest http;
  // A member that is not text stays visible (as JSON), so that Send refuses it.
  auto text = [&](const char* key, const char* otherwise) -> std::string {
    auto found = request.find(key);
    if (found == request.end()) return otherwise;
    return found->is_string() ? found->get<std::string>() : DumpJson(*found);
  };
  http.method = text("method", "GET");
  http.url = text("url", "");
  auto headers = request.find("headers");
  if (headers != request.end() && headers->is_object()) {
    const Json::object_t& fields = headers->get_ref<const Json::object_t&>();
    http.headers.reserve(fields.size());
    for (const auto& [name, value] : fields) {
      http.headers.emplace_back(name, value.is_string() ? value.get<std::string>() : DumpJson(value));
    }
  }
  auto body_text = request.find("body_text");
  auto body = request.find("body");
  if (body_text != request.end() && body_text->is_string()) {
    http.body = body_text->get<std::string>();
  } else if (body != request.end() && !body->is_null()) {
    http.body = DumpJson(*body);
  }
  return http;
}

Json ShownRequest(const Json& request) {
  auto text = request.find("body_text");
  if (text == request.end() || !text->is_string()) return request;
  Json body;
  if (!TryParseJson(text->get_ref<const std::string&>(), &body)) return request;
  Json shown = request;
  shown.erase("body_text");
  shown["body"] = std::move(body);
  return shown;
}

std::string CurlCommand(const Json& request) {
  auto quote = [](const std::string& text) { return ShellQuote(text); };
  HttpRequest http = ToHttpRequest(request);
  std::string command = "curl -sS -X " + http.method + " " + quote(http.url);
  for (const auto& [name, value] : http.headers) {
    // A credential is never printed, whoever reads the command.
    std::string shown = value;
    if (IsSensitiveHeader(name)) {
      size_t space = value.find(' ');
      shown = space != std::string::npos && space < 16 ? value.substr(0, space) + " ***" : "***";
    }
    command += " \\\n  -H " + quote(name + ": " + shown);
  }
  if (!http.body.empty()) command += " \\\n  --data-raw " + quote(http.body);
  return command;
}

namespace {

// One CallTask in progress: each attempt is paced, sent and recorded
// (SendAttempt), then the answer decides whether another follows (Decide).
class Call {
 public:
  Call(const TaskType& task, const CallOptions& options, CallResult* result)
      : task_(task), options_(options), result_(*result) {}

  // Everything after a request was prepared: the attempts and the final word.
  void Run() {
    http_ = ToHttpRequest(result_.request);
    idempotent_ = IsIdempotent(task_, result_.request, http_.method);
    http_options_ = OptionsFor(result_.request);
    if (options_.connect_timeout_ms > 0) http_options_.connect_timeout_ms = options_.connect_timeout_ms;
    if (options_.read_timeout_ms > 0) {
      http_options_.read_timeout_ms = options_.read_timeout_ms;
      http_options_.write_timeout_ms = options_.read_timeout_ms;
    }
    if (options_.limiter != nullptr) limit_key_ = RateLimitKey(result_.request);
    for (int attempt = 1;; ++attempt) {
      Json record = Json::object();
      record["attempt"] = attempt;
      std::optional<Verdict> verdict = SendAttempt(attempt, &record);
      if (!verdict) break;  // stopped before sending; nothing more to record
      bool last = attempt >= options_.retry.max_attempts;
      Decide(last, &*verdict, &record);
      result_.attempts.push_back(std::move(record));
      if (options_.after_attempt) options_.after_attempt(result_.attempts.back());
      if (verdict->done || last) break;
      Sleep(verdict->wait_ms);
    }
    Conclude();
  }

 private:
  // Paces, sends and reads one attempt into `result_` and `*record`; what to
  // do next, or nothing when the attempt stopped before it was sent.
  std::optional<Verdict> SendAttempt(int attempt, Json* record) {
    if (options_.limiter != nullptr && !Pace(record)) return Verdict{};
    if (options_.before_send) {
      Status status = options_.before_send(attempt);
      if (!status.ok()) {
        result_.state = "failed";
        result_.error = {{"kind", "journal"}, {"message", status.message()},
                         {"retry", RetryAdviceName(RetryAdvice::kNever)}};
        return std::nullopt;
      }
    }
    HttpOutcome outcome = options_.client->Send(http_, &http_options_);
    (*record)["elapsed_ms"] = outcome.elapsed_ms;
    return outcome.ok() ? OnAnswer(attempt, outcome, record) : OnNoAnswer(attempt, outcome, record);
  }

  // Waits for the rate limiter; false (with the step failed) when it allows
  // no request within retry.max_wait, since sending now would only collect a 429.
  bool Pace(Json* record) {
    long long paced = options_.limiter->Acquire(limit_key_, options_.retry.max_wait_ms);
    if (paced > 0) (*record)["paced_ms"] = paced;
    if (paced >= 0) return true;
    (*record)["result"] = "not_sent";
    (*record)["gave_up"] = "the rate limit of this token allows no request within retry.max_wait";
    result_.state = "failed";
    result_.error = {{"kind", "rate_limited"},
                     {"message", "the rate limit of this token allows no request within retry.max_wait (" +
                                     std::to_string(options_.retry.max_wait_ms) + " ms); nothing was sent"},
                     {"retry", RetryAdviceName(RetryAdvice::kAfterReset)}};
    return false;
  }

  // No complete answer: never sent, lost after sending, too large, invalid.
  Verdict OnNoAnswer(int attempt, const HttpOutcome& outcome, Json* record) {
    (*record)["result"] = SendFailureName(outcome.failure);
    (*record)["error"] = outcome.error;
    bool not_sent = outcome.failure == SendFailure::kNotSent || outcome.failure == SendFailure::kInvalid;
    bool unknown = !not_sent && !idempotent_;
    result_.state = "failed";
    result_.unknown_outcome = unknown;
    result_.error = {{"kind", not_sent ? "not_sent" : unknown ? "unknown_outcome" : "no_response"},
                     {"message", outcome.error},
                     {"retry", RetryAdviceName(unknown ? RetryAdvice::kUnknownOutcome : RetryAdvice::kBackoff)}};
    if (unknown) {
      maybe_processed_ = true;
      result_.error["message"] =
          outcome.error + "; its outcome is unknown: check whether it took effect before sending it again" +
          (options_.retry.on_unknown_outcome ? std::string()
                                             : " (retry.on_unknown_outcome: true retries automatically)");
    }
    if (outcome.failure == SendFailure::kTooLarge) {
      result_.error["kind"] = "too_large";
      result_.error["retry"] = RetryAdviceName(RetryAdvice::kNever);
    }
    if (outcome.failure != SendFailure::kInvalid && outcome.failure != SendFailure::kTooLarge &&
        (not_sent || !unknown || options_.retry.on_unknown_outcome)) {
      return Verdict{false, BackoffMs(options_.retry, attempt), SendFailureName(outcome.failure)};
    }
    return Verdict{};
  }

  // An answer, whatever its status: the task interprets it.
  Verdict OnAnswer(int attempt, HttpOutcome& outcome, Json* record) {
    Json response = ResponseJson(outcome.response);
    (*record)["result"] = outcome.response.status;
    if (options_.limiter != nullptr) {
      options_.limiter->Observe(limit_key_, retry_timing::ReadRateLimitHeaders([&](std::string_view name) {
        return outcome.response.FindHeader(name);
      }));
    }
    if (options_.keep_response) result_.response = response;
    Json interpreted = task_.Interpret(result_.request, outcome.response, std::move(response));
    if (interpreted.contains("outputs")) {
      result_.state = "succeeded";
      result_.outputs = std::move(interpreted["outputs"]);
      result_.error = nullptr;
      result_.unknown_outcome = false;
      return Verdict{};
    }
    result_.state = "failed";
    result_.error = interpreted.value("error", Json{{"kind", "plugin"}, {"message", "no outputs"}});
    auto named = result_.error.find("retry");
    RetryAdvice retry = named != result_.error.end() && named->is_string()
                            ? ParseRetryAdvice(named->get_ref<const std::string&>())
                            : RetryAdvice::kNever;
    result_.unknown_outcome = retry == RetryAdvice::kUnknownOutcome;
    if (result_.unknown_outcome) maybe_processed_ = true;
    std::string status = "status " + std::to_string(outcome.response.status);
    switch (retry) {
      case RetryAdvice::kAfterReset: return Verdict{false, ResetWaitMs(attempt), "rate limited (429)"};
      case RetryAdvice::kBackoff: return Verdict{false, BackoffMs(options_.retry, attempt), status};
      case RetryAdvice::kUnknownOutcome:
        if (!options_.retry.on_unknown_outcome) return Verdict{};
        return Verdict{false, BackoffMs(options_.retry, attempt), status + " (on_unknown_outcome)"};
      case RetryAdvice::kNever: break;
    }
    return Verdict{};
  }

  // How long a 429 says to wait (retry_timing.hpp), else the backoff.
  long long ResetWaitMs(int attempt) const {
    retry_timing::RetryTiming timing;
    auto retry_at = result_.error.find("retry_at");
    if (retry_at != result_.error.end() && retry_at->is_number_integer()) timing.retry_at = retry_at->get<long long>();
    auto retry_after = result_.error.find("retry_after");
    if (retry_after != result_.error.end() && retry_after->is_number_integer()) {
      timing.retry_after = retry_after->get<long long>();
    }
    return retry_timing::WaitMs(timing, NowUnixMs()).value_or(BackoffMs(options_.retry, attempt));
  }

  // Gives up a wait longer than retry.max_wait; records the wait otherwise.
  void Decide(bool last, Verdict* verdict, Json* record) const {
    if (!verdict->done && !last && verdict->wait_ms > options_.retry.max_wait_ms) {
      (*record)["gave_up"] = "the wait of " + std::to_string(verdict->wait_ms) + " ms is longer than retry.max_wait";
      verdict->done = true;
    }
    if (!verdict->done && !last) {
      (*record)["wait_ms"] = verdict->wait_ms;
      (*record)["reason"] = verdict->reason;
    }
  }

  void Sleep(long long ms) const {
    if (options_.sleep) return options_.sleep(ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }

  // Once an attempt may have been processed, a later attempt's plain failure
  // does not make the step safe to send again: its outcome stays unknown.
  void Conclude() {
    if (result_.state == "failed" && maybe_processed_ && !result_.unknown_outcome) {
      result_.unknown_outcome = true;
      result_.error["message"] = result_.error.value("message", "") +
                                 "; an earlier attempt may have taken effect, so check before retrying it";
    }
    if (result_.state == "failed" && result_.attempts.size() > 1) {
      result_.error["message"] = result_.error.value("message", "") + " (after " +
                                 std::to_string(result_.attempts.size()) + " attempts)";
    }
  }

  const TaskType& task_;
  const CallOptions& options_;
  CallResult& result_;
  HttpRequest http_;
  bool idempotent_ = false;
  HttpOptions http_options_;
  std::string limit_key_;
  bool maybe_processed_ = false;
};

}  // namespace

CallResult CallTask(const TaskType& task, const Json& inputs, const CallOptions& options) {
  Clock::time_point start = Clock::now();
  CallResult result;
  Json prepared = task.Prepare(inputs);
  if (prepared.contains("warnings") && prepared["warnings"].is_array()) {
    result.warnings = prepared["warnings"];
  }
  if (prepared.contains("errors")) {
    result.state = "invalid";
    result.field_errors = prepared["errors"];
  } else if (prepared.contains("outputs")) {  // a task that sends nothing (set)
    result.state = "succeeded";
    result.outputs = std::move(prepared["outputs"]);
  } else {
    if (prepared.contains("request")) result.request = std::move(prepared["request"]);
    if (!result.request.is_object()) result.request = Json::object();
    if (options.dry_run) {
      result.state = "prepared";
    } else {
      Call(task, options, &result).Run();
    }
  }
  result.elapsed_ms = MsSince(start);
  return result;
}

}  // namespace wf

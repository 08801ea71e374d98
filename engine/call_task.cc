#include "engine/call_task.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <random>
#include <thread>

#include "base/ascii.h"
#include "base/clock.h"
#include "base/quote.h"
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
  if (!json_text::Parse(response.body, &body)) body = response.body;
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
  if (!json_text::Parse(text->get_ref<const std::string&>(), &body)) return request;
  Json shown = request;
  shown.erase("body_text");
  shown["body"] = std::move(body);
  return shown;
}

std::string CurlCommand(const Json& request) {
  auto quote = [](const std::string& text) { return ShellQuote(text); };
  HttpRequest http = ToHttpRequest(request);
  std::string command = "curl -sS -X " + http.method + " " + quote(http.url);
  for (const auto& [name, value] : http.headers) command += " \\\n  -H " + quote(name + ": " + value);
  if (!http.body.empty()) command += " \\\n  --data-raw " + quote(http.body);
  return command;
}

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
    result.elapsed_ms = MsSince(start);
    return result;
  }
  if (prepared.contains("outputs")) {  // a task that sends nothing (set)
    result.state = "succeeded";
    result.outputs = std::move(prepared["outputs"]);
    result.elapsed_ms = MsSince(start);
    return result;
  }
  if (prepared.contains("request")) result.request = std::move(prepared["request"]);
  if (!result.request.is_object()) result.request = Json::object();
  if (options.dry_run) {
    result.state = "prepared";
    result.elapsed_ms = MsSince(start);
    return result;
  }

  HttpRequest http = ToHttpRequest(result.request);
  bool idempotent = IsIdempotent(task, result.request, http.method);
  HttpOptions http_options = OptionsFor(result.request);
  if (options.connect_timeout_ms > 0) http_options.connect_timeout_ms = options.connect_timeout_ms;
  if (options.read_timeout_ms > 0) {
    http_options.read_timeout_ms = options.read_timeout_ms;
    http_options.write_timeout_ms = options.read_timeout_ms;
  }
  std::string limit_key = options.limiter != nullptr ? RateLimitKey(result.request) : "";
  auto sleep = options.sleep ? options.sleep : [](long long ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  };

  // Once an attempt may have been processed, a later attempt's plain failure
  // does not make the step safe to send again: its outcome stays unknown.
  bool maybe_processed = false;
  for (int attempt = 1;; ++attempt) {
    Json record = Json::object();
    record["attempt"] = attempt;
    if (options.limiter != nullptr) {
      long long paced = options.limiter->Acquire(limit_key, options.retry.max_wait_ms);
      if (paced < 0) {  // sending now would only collect a 429
        record["result"] = "not_sent";
        record["gave_up"] = "the rate limit of this token allows no request within retry.max_wait";
        result.attempts.push_back(record);
        if (options.after_attempt) options.after_attempt(record);
        result.state = "failed";
        result.error = {{"kind", "rate_limited"},
                        {"message", "the rate limit of this token allows no request within "
                                    "retry.max_wait (" + std::to_string(options.retry.max_wait_ms) +
                                    " ms); nothing was sent"},
                        {"retry", "after_reset"}};
        break;
      }
      if (paced > 0) record["paced_ms"] = paced;
    }
    if (options.before_send) {
      Status status = options.before_send(attempt);
      if (!status.ok()) {
        result.state = "failed";
        result.error = {{"kind", "journal"}, {"message", status.message()}, {"retry", "never"}};
        break;
      }
    }
    HttpOutcome outcome = options.client->Send(http, &http_options);
    record["elapsed_ms"] = outcome.elapsed_ms;
    Verdict verdict;
    bool last = attempt >= options.retry.max_attempts;
    if (!outcome.ok()) {
      record["result"] = SendFailureName(outcome.failure);
      record["error"] = outcome.error;
      bool not_sent = outcome.failure == SendFailure::kNotSent || outcome.failure == SendFailure::kInvalid;
      bool unknown = !not_sent && !idempotent;
      result.state = "failed";
      result.unknown_outcome = unknown;
      result.error = {{"kind", not_sent ? "not_sent" : unknown ? "unknown_outcome" : "no_response"},
                      {"message", outcome.error}, {"retry", not_sent ? "backoff" : unknown ? "unknown_outcome" : "backoff"}};
      if (unknown) {
        maybe_processed = true;
        result.error["message"] =
            outcome.error + "; its outcome is unknown: check whether it took effect before "
            "sending it again" + (options.retry.on_unknown_outcome
                                      ? std::string()
                                      : " (retry.on_unknown_outcome: true retries automatically)");
      }
      if (outcome.failure == SendFailure::kTooLarge) {
        result.error["kind"] = "too_large";
        result.error["retry"] = "never";
      }
      if (outcome.failure != SendFailure::kInvalid && outcome.failure != SendFailure::kTooLarge &&
          (not_sent || !unknown || options.retry.on_unknown_outcome)) {
        verdict = Verdict{false, BackoffMs(options.retry, attempt), SendFailureName(outcome.failure)};
      }
    } else {
      Json response = ResponseJson(outcome.response);
      record["result"] = outcome.response.status;
      if (options.limiter != nullptr) {
        options.limiter->Observe(limit_key, retry_timing::ReadRateLimitHeaders([&](std::string_view name) {
          return outcome.response.FindHeader(name);
        }));
      }
      if (options.keep_response) result.response = response;
      Json interpreted = task.Interpret(result.request, outcome.response, std::move(response));
      if (interpreted.contains("outputs")) {
        result.state = "succeeded";
        result.outputs = std::move(interpreted["outputs"]);
        result.error = nullptr;
        result.unknown_outcome = false;
      } else {
        result.state = "failed";
        result.error = interpreted.value("error", Json{{"kind", "plugin"}, {"message", "no outputs"}});
        std::string retry = result.error.value("retry", "never");
        result.unknown_outcome = retry == "unknown_outcome";
        if (result.unknown_outcome) maybe_processed = true;
        if (retry == "after_reset") {
          retry_timing::RetryTiming timing;
          if (result.error.contains("retry_at") && result.error["retry_at"].is_number_integer()) {
            timing.retry_at = result.error["retry_at"].get<long long>();
          }
          if (result.error.contains("retry_after") && result.error["retry_after"].is_number_integer()) {
            timing.retry_after = result.error["retry_after"].get<long long>();
          }
          long long wait = retry_timing::WaitMs(timing, NowUnixMs()).value_or(BackoffMs(options.retry, attempt));
          verdict = Verdict{false, wait, "rate limited (429)"};
        } else if (retry == "backoff") {
          verdict = Verdict{false, BackoffMs(options.retry, attempt),
                            "status " + std::to_string(outcome.response.status)};
        } else if (retry == "unknown_outcome" && options.retry.on_unknown_outcome) {
          verdict = Verdict{false, BackoffMs(options.retry, attempt),
                            "status " + std::to_string(outcome.response.status) + " (on_unknown_outcome)"};
        }
      }
    }
    if (!verdict.done && !last && verdict.wait_ms > options.retry.max_wait_ms) {
      record["gave_up"] = "the wait of " + std::to_string(verdict.wait_ms) + " ms is longer than retry.max_wait";
      verdict.done = true;
    }
    if (!verdict.done && !last) {
      record["wait_ms"] = verdict.wait_ms;
      record["reason"] = verdict.reason;
    }
    result.attempts.push_back(std::move(record));
    if (options.after_attempt) options.after_attempt(result.attempts.back());
    if (verdict.done || last) break;
    sleep(verdict.wait_ms);
  }
  if (result.state == "failed" && maybe_processed && !result.unknown_outcome) {
    result.unknown_outcome = true;
    result.error["message"] = result.error.value("message", "") +
                              "; an earlier attempt may have taken effect, so check before "
                              "retrying it";
  }
  if (result.state == "failed" && result.attempts.size() > 1) {
    result.error["message"] = result.error.value("message", "") + " (after " +
                              std::to_string(result.attempts.size()) + " attempts)";
  }
  result.elapsed_ms = MsSince(start);
  return result;
}

}  // namespace wf

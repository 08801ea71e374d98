#include "interpret.h"

#include "report.h"
#include "response_body.h"
#include "wf/retry_timing.hpp"

namespace wf::intercom {
namespace {

using wf::plugin::Exchange;
using wf::plugin::Interpreted;
namespace retry_timing = wf::retry_timing;

// What a failed answer is, for the message and the error object.
struct Failure {
  int status = 0;
  ResponseBody body;
  retry_timing::RetryTiming timing;
};

// Member `key` of `object` as text (moved out), or null.
Json TakeStringOrNull(Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  if (it->is_string()) return std::move(*it);
  return it->dump();
}

Json IntegerOrNull(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? *it : Json(nullptr);
}

// The request body's from.type and from.id, when it has them.
std::string ContactText(const Exchange& exchange) {
  Json body;
  if (!json_text::Parse(exchange.request_body(), &body) || !body.is_object()) return "such contact";
  auto from = body.find("from");
  if (from == body.end() || !from->is_object() || !from->contains("id") || !from->contains("type")) {
    return "such contact";
  }
  return "contact with from.id " + ShowValue((*from)["id"]) + " for from.type " + ShowValue((*from)["type"]);
}

// "wait until <time> (<header>)", "wait N seconds (Retry-After)" or "".
std::string WaitHint(const retry_timing::RetryTiming& timing) {
  if (timing.retry_at) {
    return "wait until " + retry_timing::FormatUtc(*timing.retry_at) + " (" + timing.source + ")";
  }
  if (timing.retry_after) return "wait " + std::to_string(*timing.retry_after) + " seconds (Retry-After)";
  return "";
}

std::string RateLimitMessage(const std::string& kind, const std::string& detail, const std::string& wait) {
  if (kind == "rate_limited") {
    return "Intercom's rate limit was reached " + detail + "; " +
           (wait.empty() ? "wait for the limit to reset before retrying (the answer did not say when)"
                         : wait + " before retrying");
  }
  return "Intercom is temporarily unavailable " + detail + "; " +
         (wait.empty() ? "retry later, waiting longer after each attempt" : wait + " before retrying");
}

std::string FailureMessage(const std::string& kind, const Failure& failure, const Exchange& exchange) {
  std::string detail = Detail(failure.status, failure.body);
  if (kind == "unauthorized") {
    return "Intercom refused the access token " + detail + "; check the token and its workspace region";
  }
  if (kind == "forbidden") {
    return "Intercom did not allow this request " + detail +
           "; check the workspace's plan and the token's permissions";
  }
  if (kind == "not_found" && failure.body.has_errors()) {
    return "Intercom found no " + ContactText(exchange) + " " + detail +
           "; check that from.id is Intercom's id of a contact of that type";
  }
  if (kind == "not_found") {
    return "Intercom's API was not found at " + ShowValue(exchange.request().value("url", Json(nullptr))) +
           " " + detail + "; check base_url and region";
  }
  if (kind == "invalid" && !failure.body.fields.empty()) {
    std::string fields;
    for (const std::string& field : failure.body.fields) fields += (fields.empty() ? "" : ", ") + field;
    return "Intercom rejected the parameters " + EscapeControls(fields) + " " + detail +
           "; correct them and send again";
  }
  if (kind == "invalid") {
    return "Intercom rejected the request's parameters " + detail + "; correct the inputs and send again";
  }
  if (kind == "rate_limited" || kind == "unavailable") {
    return RateLimitMessage(kind, detail, WaitHint(failure.timing));
  }
  if (kind == "unknown_outcome") {
    return "Intercom may or may not have created the conversation " + detail +
           "; check the contact's conversations in Intercom before retrying";
  }
  if (kind == "bad_response") {
    return "Intercom answered without a conversation_id " + detail +
           "; the conversation may exist, so check the contact's conversations in Intercom "
           "before retrying";
  }
  if (failure.status >= 300 && failure.status < 400) {
    const std::string* location = exchange.header("location");
    return "Intercom redirected the request " + detail + " to " +
           ShowValue(location != nullptr ? *location : "") +
           "; check base_url, which must point at the API itself";
  }
  return "Intercom answered with an unexpected status " + detail + "; see the response for details";
}

std::string RetryOf(const std::string& kind) {
  if (kind == "rate_limited") return "after_reset";
  if (kind == "unavailable") return "backoff";
  if (kind == "unknown_outcome" || kind == "bad_response") return "unknown_outcome";
  return "never";
}

Interpreted ErrorOf(const std::string& kind, const Failure& failure, const Exchange& exchange) {
  const ResponseBody& body = failure.body;
  Json request_id = nullptr;
  if (body.request_id) {
    request_id = *body.request_id;
  } else if (const std::string* header = exchange.header("x-request-id")) {
    request_id = *header;
  }
  auto optional_int = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
  return Interpreted::Failure({{"kind", kind},
                               {"message", FailureMessage(kind, failure, exchange)},
                               {"status", failure.status},
                               {"codes", body.codes},
                               {"messages", body.messages},
                               {"fields", body.fields},
                               {"request_id", request_id},
                               {"retry", RetryOf(kind)},
                               {"retry_at", optional_int(failure.timing.retry_at)},
                               {"retry_after", optional_int(failure.timing.retry_after)}});
}

bool HasConversationId(const Json& message) {
  if (!message.is_object()) return false;
  auto it = message.find("conversation_id");
  return it != message.end() &&
         ((it->is_string() && !it->get_ref<const std::string&>().empty()) || it->is_number());
}

}  // namespace

std::string ErrorKind(int status) {
  switch (status) {
    case 400: case 422: return "invalid";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 429: return "rate_limited";
    case 503: return "unavailable";
    case 500: case 502: case 504: return "unknown_outcome";
    default: return "http_error";
  }
}

Interpreted InterpretConversation(const Exchange& exchange) {
  int status = exchange.status();
  if (status >= 200 && status < 300) {
    Json message;
    if (json_text::Parse(exchange.body(), &message) && HasConversationId(message)) {
      // Built member by member, moving out of the parsed message: this is
      // the per-step path.
      Json outputs = Json::object();
      outputs["message_id"] = TakeStringOrNull(message, "id");
      outputs["conversation_id"] = TakeStringOrNull(message, "conversation_id");
      outputs["created_at"] = IntegerOrNull(message, "created_at");
      outputs["message_type"] = TakeStringOrNull(message, "message_type");
      outputs["type"] = TakeStringOrNull(message, "type");
      outputs["body"] = TakeStringOrNull(message, "body");
      return Interpreted::Outputs(std::move(outputs));
    }
  }
  Failure failure;
  failure.status = status;
  failure.body = ReadResponseBody(exchange.body());
  std::string kind = status >= 200 && status < 300 ? "bad_response" : ErrorKind(status);
  // Intercom sends X-RateLimit-* on every answer; they only mean "wait" here.
  if (kind == "rate_limited" || kind == "unavailable") {
    failure.timing = retry_timing::ReadRetryTiming([&](std::string_view name) { return exchange.header(name); });
  }
  return ErrorOf(kind, failure, exchange);
}

}  // namespace wf::intercom

#include "interpret.h"

#include "report.h"
#include "response_body.h"
#include "retry_timing.h"

namespace wf::intercom {
namespace {

// What a failed answer is, for the message and the error object.
struct Failure {
  int status = 0;
  ResponseBody body;
  const Json* headers = nullptr;  // the response's, or an empty object
  RetryTiming timing;
};

const Json& EmptyObject() {
  static const Json empty = Json::object();
  return empty;
}

// A member of `object`, or null.
const Json& MemberOrNull(const Json& object, const char* key) {
  static const Json null;
  auto it = object.find(key);
  return it == object.end() ? null : *it;
}

Json StringOrNull(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  if (it->is_string()) return *it;
  return it->dump();
}

Json IntegerOrNull(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? *it : Json(nullptr);
}

// A Request's from.type and from.id, when the request has them.
std::string ContactText(const Json& request) {
  const Json* from = nullptr;
  if (request.is_object() && request.contains("body") && request["body"].is_object()) {
    auto it = request["body"].find("from");
    if (it != request["body"].end() && it->is_object()) from = &*it;
  }
  if (from == nullptr || !from->contains("id") || !from->contains("type")) {
    return "such contact";
  }
  return "contact with from.id " + ShowValue((*from)["id"]) + " for from.type " +
         ShowValue((*from)["type"]);
}

// "wait until <time> (<header>)", "wait N seconds (Retry-After)" or "".
std::string WaitHint(const RetryTiming& timing) {
  if (timing.retry_at) return "wait until " + FormatUtc(*timing.retry_at) + " (" + timing.source + ")";
  if (timing.retry_after) return "wait " + std::to_string(*timing.retry_after) + " seconds (Retry-After)";
  return "";
}

std::string FailureMessage(const std::string& kind, const Failure& failure, const Json& request) {
  std::string detail = Detail(failure.status, failure.body);
  std::string wait = WaitHint(failure.timing);
  if (kind == "unauthorized") {
    return "Intercom refused the access token " + detail + "; check the token and its workspace region";
  }
  if (kind == "forbidden") {
    return "Intercom did not allow this request " + detail +
           "; check the workspace's plan and the token's permissions";
  }
  if (kind == "not_found" && failure.body.has_errors()) {
    return "Intercom found no " + ContactText(request) + " " + detail +
           "; check that from.id is Intercom's id of a contact of that type";
  }
  if (kind == "not_found") {
    Json url = request.is_object() ? request.value("url", Json(nullptr)) : Json(nullptr);
    return "Intercom's API was not found at " + ShowValue(url) + " " + detail +
           "; check base_url and region";
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
  if (kind == "rate_limited") {
    return "Intercom's rate limit was reached " + detail + "; " +
           (wait.empty() ? "wait for the limit to reset before retrying (the answer did not say when)"
                         : wait + " before retrying");
  }
  if (kind == "unavailable") {
    return "Intercom is temporarily unavailable " + detail + "; " +
           (wait.empty() ? "retry later, waiting longer after each attempt" : wait + " before retrying");
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
    return "Intercom redirected the request " + detail + " to " +
           ShowValue(HeaderValue(*failure.headers, "location").value_or("")) +
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

Json ErrorOf(const std::string& kind, const Failure& failure, const wf::plugin::LazyJson& request) {
  const ResponseBody& body = failure.body;
  Json request_id = nullptr;
  if (body.request_id) {
    request_id = *body.request_id;
  } else if (auto header = HeaderValue(*failure.headers, "x-request-id")) {
    request_id = *header;
  }
  auto optional_int = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
  return Json{{"error",
               {{"kind", kind},
                {"message", FailureMessage(kind, failure, request.value())},
                {"status", failure.status},
                {"codes", body.codes},
                {"messages", body.messages},
                {"fields", body.fields},
                {"request_id", request_id},
                {"retry", RetryOf(kind)},
                {"retry_at", optional_int(failure.timing.retry_at)},
                {"retry_after", optional_int(failure.timing.retry_after)}}}};
}

Json MalformedResponse(const Json& response) {
  return Json{{"error",
               {{"kind", "plugin"},
                {"message", "interpret needs the response as {\"status\": integer, \"headers\": "
                            "object, \"body\": text}; got " + ShowValue(response)},
                {"status", nullptr}, {"codes", Json::array()}, {"messages", Json::array()},
                {"fields", Json::array()}, {"request_id", nullptr}, {"retry", "never"},
                {"retry_at", nullptr}, {"retry_after", nullptr}}}};
}

bool HasConversationId(const Json& message) {
  if (!message.is_object()) return false;
  auto it = message.find("conversation_id");
  return it != message.end() && ((it->is_string() && !it->get_ref<const std::string&>().empty()) || it->is_number());
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

Json InterpretResponse(const wf::plugin::LazyJson& request, const Json& response) {
  if (!response.is_object() || !response.contains("status") ||
      !response["status"].is_number_integer() || response["status"] < 100 ||
      response["status"] > 599 || (response.contains("headers") && !response["headers"].is_object() &&
                                   !response["headers"].is_null())) {
    return MalformedResponse(response);
  }
  Failure failure;
  failure.status = response["status"].get<int>();
  const Json& headers = MemberOrNull(response, "headers");
  failure.headers = headers.is_object() ? &headers : &EmptyObject();
  failure.body = ReadResponseBody(MemberOrNull(response, "body"));

  if (failure.status >= 200 && failure.status < 300) {
    const Json& message = failure.body.value;
    if (!HasConversationId(message)) return ErrorOf("bad_response", failure, request);
    // Built member by member and moved: this is the per-step path.
    Json outputs = Json::object();
    outputs["message_id"] = StringOrNull(message, "id");
    outputs["conversation_id"] = StringOrNull(message, "conversation_id");
    outputs["created_at"] = IntegerOrNull(message, "created_at");
    outputs["message_type"] = StringOrNull(message, "message_type");
    outputs["type"] = StringOrNull(message, "type");
    outputs["body"] = StringOrNull(message, "body");
    Json answer = Json::object();
    answer["outputs"] = std::move(outputs);
    return answer;
  }
  std::string kind = ErrorKind(failure.status);
  // Intercom sends X-RateLimit-* on every answer; they only mean "wait" here.
  if (kind == "rate_limited" || kind == "unavailable") failure.timing = ReadRetryTiming(*failure.headers);
  return ErrorOf(kind, failure, request);
}

}  // namespace wf::intercom

#include "engine/builtin_tasks.h"

#include <set>
#include <vector>

#include "base/ascii.h"
#include "base/quote.h"
#include "http/http_client.h"
#include "wf/retry_timing.hpp"

namespace wf {
namespace {

const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
// The same, in the order messages list them (load time and run time alike).
const std::vector<std::string> kMethodList = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
const std::set<std::string> kHttpKeys = {"method", "url", "headers", "query", "body",
                                         "timeout_ms", "connect_timeout_ms"};

std::string PercentEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (IsAsciiAlnum(static_cast<char>(c)) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ScalarText(const Json& value) {
  return value.is_string() ? value.get<std::string>() : DumpJson(value);
}

Json FieldError(const std::string& path, const std::string& message, const std::string& allowed) {
  return Json{{"path", path}, {"message", message}, {"allowed", allowed}};
}

// The field checks of the http task's Prepare, one per field: each appends
// its problems to `errors` and returns what it read.

void CheckKeys(const Json& inputs, Json* errors) {
  for (const auto& [key, value] : inputs.items()) {
    if (kHttpKeys.count(key) == 0) {
      errors->push_back(FieldError(key, "unknown field '" + key + "'; allowed: method, url, "
                                        "headers, query, body, timeout_ms, connect_timeout_ms",
                                   "method, url, headers, query, body, timeout_ms, connect_timeout_ms"));
    }
  }
}

std::string CheckMethod(const Json& inputs, Json* errors) {
  auto m = inputs.find("method");
  if (m == inputs.end()) return "GET";
  if (!m->is_string() || kMethods.count(m->get<std::string>()) == 0) {
    errors->push_back(FieldError("method", "method is " + QuoteValue(*m) +
                                 "; allowed: GET, POST, PUT, PATCH, DELETE, HEAD",
                                 "GET, POST, PUT, PATCH, DELETE, HEAD"));
    return "GET";
  }
  return m->get<std::string>();
}

std::string CheckUrl(const Json& inputs, Json* errors) {
  auto url = inputs.find("url");
  if (url == inputs.end() || url->is_null()) {
    errors->push_back(FieldError("url", "url is required", "an absolute http or https URL"));
    return "";
  }
  if (!url->is_string() || (url->get_ref<const std::string&>().rfind("http://", 0) != 0 &&
                            url->get_ref<const std::string&>().rfind("https://", 0) != 0)) {
    errors->push_back(FieldError("url", "url is " + QuoteValue(*url) + "; allowed: an absolute http or https URL",
                                 "an absolute http or https URL"));
    return "";
  }
  return url->get<std::string>();
}

Json CheckHeaders(const Json& inputs, Json* errors) {
  Json headers = Json::object();
  auto given = inputs.find("headers");
  if (given == inputs.end() || given->is_null()) return headers;
  if (!given->is_object()) {
    errors->push_back(FieldError("headers", "headers is " + QuoteValue(*given) +
                                 "; allowed: a mapping of header names to values", "a mapping"));
    return headers;
  }
  for (const auto& [name, value] : given->items()) {
    std::string text = ScalarText(value);
    if (value.is_object() || value.is_array() || text.find_first_of("\r\n") != std::string::npos ||
        name.empty() || name.find_first_of(" :\r\n") != std::string::npos) {
      errors->push_back(FieldError("headers." + name, "headers." + name +
                                   " is not a valid header; allowed: a one-line text value",
                                   "a one-line text value"));
    } else {
      headers[name] = text;
    }
  }
  return headers;
}

// Appends the query's parameters, encoded, to `url` (when the url is valid).
void AppendQuery(const Json& inputs, std::string* url, Json* errors) {
  auto query = inputs.find("query");
  if (query == inputs.end() || query->is_null()) return;
  if (!query->is_object()) {
    errors->push_back(FieldError("query", "query is " + QuoteValue(*query) +
                                 "; allowed: a mapping of parameter names to values", "a mapping"));
    return;
  }
  if (url->empty()) return;
  std::string sep = url->find('?') == std::string::npos ? "?" : "&";
  for (const auto& [name, value] : query->items()) {
    *url += sep + PercentEncode(name) + "=" + PercentEncode(ScalarText(value));
    sep = "&";
  }
}

// {"read_ms", "connect_ms"} from timeout_ms and connect_timeout_ms.
Json CheckTimeouts(const Json& inputs, Json* errors) {
  Json timeouts = Json::object();
  for (const char* key : {"timeout_ms", "connect_timeout_ms"}) {
    auto t = inputs.find(key);
    if (t == inputs.end() || t->is_null()) continue;
    if (!t->is_number_integer() || t->get<long long>() < 1 || t->get<long long>() > 3600000) {
      errors->push_back(FieldError(key, std::string(key) + " is " + QuoteValue(*t) +
                                   "; allowed: an integer from 1 to 3600000", "1..3600000"));
    } else {
      timeouts[key == std::string("timeout_ms") ? "read_ms" : "connect_ms"] = *t;
    }
  }
  return timeouts;
}

// A string body is sent as text, anything else as JSON; a Content-Type is
// added when the headers have none.
void AttachBody(const Json& inputs, Json* request) {
  auto body = inputs.find("body");
  if (body == inputs.end() || body->is_null()) return;
  bool has_type = false;
  for (const auto& [name, value] : (*request)["headers"].items()) {
    if (EqualsIgnoringCase(name, "content-type")) has_type = true;
  }
  if (body->is_string()) {
    (*request)["body_text"] = *body;
    if (!has_type) (*request)["headers"]["Content-Type"] = "text/plain; charset=utf-8";
  } else {
    (*request)["body"] = *body;
    if (!has_type) (*request)["headers"]["Content-Type"] = "application/json";
  }
}

class HttpTask : public TaskType {
 public:
  HttpTask() {
    description_ = {
        {"id", id_}, {"title", title_}, {"category", "Built-in"},
        {"summary", "Send any HTTP request and keep its answer."},
        {"description", "Sends one HTTP request. The answer's status, headers and body (parsed "
                        "when it is JSON) become the outputs. A status outside 200-299 fails "
                        "the step but keeps status, headers and body in its result."},
        {"fields", Json::array({
            {{"path", "method"}, {"type", "string"}, {"required", false}, {"default", "GET"},
             {"enum", Json(kMethodList)}, {"location", "request"}, {"description", "HTTP method."}},
            {{"path", "url"}, {"type", "string"}, {"required", true}, {"format", "uri"},
             {"location", "request"}, {"description", "Absolute http or https URL."}},
            {{"path", "headers"}, {"type", "object"}, {"required", false}, {"location", "header"},
             {"description", "Header names and values."}},
            {{"path", "query"}, {"type", "object"}, {"required", false}, {"location", "request"},
             {"description", "Query parameters, appended to the URL encoded."}},
            {{"path", "body"}, {"type", "any"}, {"required", false}, {"location", "body"},
             {"description", "A string is sent as text; anything else as JSON."}},
            {{"path", "timeout_ms"}, {"type", "integer"}, {"required", false}, {"default", 30000},
             {"minimum", 1}, {"location", "connection"}, {"description", "Read timeout."}},
            {{"path", "connect_timeout_ms"}, {"type", "integer"}, {"required", false},
             {"default", 10000}, {"minimum", 1}, {"location", "connection"},
             {"description", "Connect timeout."}}})},
        {"request", {{"method", "{method}"}, {"url", "{url}"}, {"headers", Json::array()},
                     {"body", "{body}"}, {"idempotent", "depends on the method"}}},
        {"outputs", Json::array({
            {{"name", "status"}, {"type", "integer"}, {"description", "HTTP status code."}},
            {{"name", "headers"}, {"type", "object"}, {"description", "Lower-case names."}},
            {{"name", "body"}, {"type", "any"}, {"description", "Parsed JSON, else text."}}})}};
  }

  const std::string& id() const override { return id_; }
  const std::string& title() const override { return title_; }
  const std::string& source() const override { return source_; }
  bool SharesRateLimit() const override { return false; }
  const Json& Describe() const override { return description_; }

  Json Prepare(const Json& inputs) const override {
    Json errors = Json::array();
    if (!inputs.is_object()) {
      errors.push_back(FieldError("", "inputs must be a mapping", "method, url, headers, ..."));
      return Json{{"errors", errors}};
    }
    CheckKeys(inputs, &errors);
    std::string method = CheckMethod(inputs, &errors);
    std::string url = CheckUrl(inputs, &errors);
    Json headers = CheckHeaders(inputs, &errors);
    AppendQuery(inputs, &url, &errors);
    Json timeouts = CheckTimeouts(inputs, &errors);
    if (!errors.empty()) return Json{{"errors", errors}};

    Json request = {{"method", method}, {"url", url}, {"headers", std::move(headers)}};
    AttachBody(inputs, &request);
    if (!timeouts.empty()) request["timeouts"] = std::move(timeouts);
    request["idempotent"] = method != "POST" && method != "PATCH";
    return Json{{"request", request}};
  }

  Json Interpret(const Json& request, const HttpResponse& raw, Json kept) const override {
    int status = raw.status;
    if (status >= 200 && status < 300) return Json{{"outputs", std::move(kept)}};
    bool idempotent = request.value("idempotent", false);
    std::string url = request.value("url", "");
    size_t query = url.find('?');
    if (query != std::string::npos) url = url.substr(0, query);
    Json error = {{"kind", "http_error"}, {"status", status},
                  {"message", request.value("method", "GET") + " " + url + " answered " +
                                  std::to_string(status)},
                  {"retry", RetryAdviceName(RetryAdviceForStatus(status, idempotent))},
                  {"retry_at", nullptr},
                  {"retry_after", nullptr},
                  {"response", kept}};
    if (status == 429 || status == 503) {
      retry_timing::RetryTiming timing = retry_timing::ReadRetryTiming(
          [&](std::string_view name) { return raw.FindHeader(name); });
      if (timing.retry_at) error["retry_at"] = *timing.retry_at;
      if (timing.retry_after) error["retry_after"] = *timing.retry_after;
    }
    return Json{{"error", error}};
  }

 private:
  std::string id_ = "http";
  std::string title_ = "HTTP request";
  std::string source_ = "built-in";
  Json description_;
};

class SetTask : public TaskType {
 public:
  const std::string& id() const override { return id_; }
  const std::string& title() const override { return title_; }
  const std::string& source() const override { return source_; }
  bool SharesRateLimit() const override { return false; }
  const Json& Describe() const override { return description_; }
  Json Prepare(const Json& inputs) const override {
    if (!inputs.is_object()) {
      return Json{{"errors", Json::array({FieldError("", "inputs must be a mapping", "a mapping")})}};
    }
    return Json{{"outputs", inputs}};
  }

 private:
  std::string id_ = "set";
  std::string title_ = "Set values";
  std::string source_ = "built-in";
  Json description_ = {
      {"id", "set"}, {"title", "Set values"}, {"category", "Built-in"},
      {"summary", "Compute values; each key of `with:` becomes an output."},
      {"description", "Sends nothing. Its outputs are its rendered inputs, so `set:` can copy "
                      "them into workflow variables."},
      {"fields", Json::array()}, {"outputs", Json::array()}};
};

}  // namespace

RetryAdvice RetryAdviceForStatus(int status, bool idempotent) {
  if (status == 429) return RetryAdvice::kAfterReset;
  if (status == 503) return RetryAdvice::kBackoff;
  if (status >= 500) return idempotent ? RetryAdvice::kBackoff : RetryAdvice::kUnknownOutcome;
  return RetryAdvice::kNever;
}

std::shared_ptr<const TaskType> MakeHttpTask() { return std::make_shared<HttpTask>(); }
std::shared_ptr<const TaskType> MakeSetTask() { return std::make_shared<SetTask>(); }

}  // namespace wf

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
    for (const auto& [key, value] : inputs.items()) {
      if (kHttpKeys.count(key) == 0) {
        errors.push_back(FieldError(key, "unknown field '" + key + "'; allowed: method, url, "
                                         "headers, query, body, timeout_ms, connect_timeout_ms",
                                    "method, url, headers, query, body, timeout_ms, connect_timeout_ms"));
      }
    }
    std::string method = "GET";
    if (inputs.contains("method")) {
      const Json& m = inputs["method"];
      if (!m.is_string() || kMethods.count(m.get<std::string>()) == 0) {
        errors.push_back(FieldError("method", "method is " + QuoteValue(m) +
                                    "; allowed: GET, POST, PUT, PATCH, DELETE, HEAD",
                                    "GET, POST, PUT, PATCH, DELETE, HEAD"));
      } else {
        method = m.get<std::string>();
      }
    }
    std::string url;
    const Json* url_value = inputs.contains("url") ? &inputs["url"] : nullptr;
    if (url_value == nullptr || url_value->is_null()) {
      errors.push_back(FieldError("url", "url is required", "an absolute http or https URL"));
    } else if (!url_value->is_string() || (url_value->get<std::string>().rfind("http://", 0) != 0 &&
                                           url_value->get<std::string>().rfind("https://", 0) != 0)) {
      errors.push_back(FieldError("url", "url is " + QuoteValue(*url_value) +
                                  "; allowed: an absolute http or https URL",
                                  "an absolute http or https URL"));
    } else {
      url = url_value->get<std::string>();
    }
    Json headers = Json::object();
    if (inputs.contains("headers") && !inputs["headers"].is_null()) {
      if (!inputs["headers"].is_object()) {
        errors.push_back(FieldError("headers", "headers is " + QuoteValue(inputs["headers"]) +
                                    "; allowed: a mapping of header names to values", "a mapping"));
      } else {
        for (const auto& [name, value] : inputs["headers"].items()) {
          std::string text = ScalarText(value);
          if (value.is_object() || value.is_array() ||
              text.find_first_of("\r\n") != std::string::npos || name.empty() ||
              name.find_first_of(" :\r\n") != std::string::npos) {
            errors.push_back(FieldError("headers." + name, "headers." + name +
                                        " is not a valid header; allowed: a one-line text value",
                                        "a one-line text value"));
          } else {
            headers[name] = text;
          }
        }
      }
    }
    if (inputs.contains("query") && !inputs["query"].is_null()) {
      if (!inputs["query"].is_object()) {
        errors.push_back(FieldError("query", "query is " + QuoteValue(inputs["query"]) +
                                    "; allowed: a mapping of parameter names to values", "a mapping"));
      } else if (!url.empty()) {
        std::string sep = url.find('?') == std::string::npos ? "?" : "&";
        for (const auto& [name, value] : inputs["query"].items()) {
          url += sep + PercentEncode(name) + "=" + PercentEncode(ScalarText(value));
          sep = "&";
        }
      }
    }
    Json timeouts = Json::object();
    for (const char* key : {"timeout_ms", "connect_timeout_ms"}) {
      if (!inputs.contains(key) || inputs[key].is_null()) continue;
      const Json& t = inputs[key];
      if (!t.is_number_integer() || t.get<long long>() < 1 || t.get<long long>() > 3600000) {
        errors.push_back(FieldError(key, std::string(key) + " is " + QuoteValue(t) +
                                    "; allowed: an integer from 1 to 3600000", "1..3600000"));
      } else {
        timeouts[key == std::string("timeout_ms") ? "read_ms" : "connect_ms"] = t;
      }
    }
    if (!errors.empty()) return Json{{"errors", errors}};

    Json request = {{"method", method}, {"url", url}, {"headers", headers}};
    if (inputs.contains("body") && !inputs["body"].is_null()) {
      const Json& body = inputs["body"];
      bool has_type = false;
      for (const auto& [name, value] : headers.items()) {
        if (EqualsIgnoringCase(name, "content-type")) has_type = true;
      }
      if (body.is_string()) {
        request["body_text"] = body;
        if (!has_type) request["headers"]["Content-Type"] = "text/plain; charset=utf-8";
      } else {
        request["body"] = body;
        if (!has_type) request["headers"]["Content-Type"] = "application/json";
      }
    }
    if (!timeouts.empty()) request["timeouts"] = timeouts;
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
                  {"retry", RetryAdviceForStatus(status, idempotent)},
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

std::string RetryAdviceForStatus(int status, bool idempotent) {
  if (status == 429) return "after_reset";
  if (status == 503) return "backoff";
  if (status >= 500) return idempotent ? "backoff" : "unknown_outcome";
  return "never";
}

std::shared_ptr<const TaskType> MakeHttpTask() { return std::make_shared<HttpTask>(); }
std::shared_ptr<const TaskType> MakeSetTask() { return std::make_shared<SetTask>(); }

}  // namespace wf

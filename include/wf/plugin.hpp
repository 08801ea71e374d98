// Header-only C++ helpers for wf plugin authors: one hook per stage.
//
// A task derives from wf::plugin::Task and implements five functions; the
// plugin lists its tasks once:
//
//   class Greet final : public wf::plugin::Task {
//    public:
//     const char* Id() const override { return "example.greet"; }
//     const char* Title() const override { return "Example: Greet"; }
//     Json Describe() const override { return kDescription; }
//     Prepared Prepare(const Json& inputs) const override {
//       Prepared prepared;
//       const Json* name = inputs.is_object() && inputs.contains("name") ? &inputs["name"] : nullptr;
//       if (name == nullptr || !name->is_string()) {
//         prepared.Reject("name", "name is required", nullptr, "a string");
//         return prepared;
//       }
//       prepared.request.method = "POST";
//       prepared.request.url = "https://api.example.com/greetings";
//       prepared.request.headers = {{"Content-Type", "application/json"}};
//       prepared.request.body = Json{{"name", *name}}.dump();
//       return prepared;
//     }
//     Interpreted Interpret(const Exchange& exchange) const override {
//       if (exchange.status() >= 200 && exchange.status() < 300) {
//         return Interpreted::Outputs({{"greeting", exchange.body_json().value("text", "")}});
//       }
//       return Interpreted::Failure({{"kind", "http_error"}, {"retry", "never"},
//                                    {"message", "the greeting was refused"}});
//     }
//   };
//
//   static const Greet kGreet;
//   WF_DEFINE_PLUGIN("example", "1.0.0", &kGreet)
//
// The macro defines the exported C entry point and the C functions around
// each task (plugin.h): they turn JSON text into the values the hooks take and
// the hooks' answers back into JSON text. They catch every exception and turn
// it into an error answer, so no exception crosses the ABI; text returned to
// the host is malloc'ed here and freed by this plugin's free_string. Task
// objects must be immutable: the host calls them from several threads.
#ifndef WF_PLUGIN_HPP_
#define WF_PLUGIN_HPP_

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "wf/json_text.hpp"
#include "wf/plugin.h"

namespace wf::plugin {

using Json = nlohmann::json;

// JSON text as a value. The fast reader accepts what nlohmann does; when it
// refuses, nlohmann reads the text again only to throw its detailed error.
inline Json ParseJson(std::string_view text) {
  Json value;
  if (json_text::Parse(text, &value)) return value;
  return Json::parse(text);
}

// The HTTP request a task asks the host to send. The host adds what HTTP
// itself needs (Host, Content-Length, ...); timeouts, retries, rate limits and
// TLS are the host's.
struct Request {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE or HEAD
  std::string url;             // absolute http(s) URL, query included
  // Sent in this order. Credentials go here (the host hides Authorization,
  // Cookie and X-Api-Key values wherever it shows a request).
  std::vector<std::pair<std::string, std::string>> headers;
  // Sent byte for byte: JSON text, a form, anything; nullopt sends no body.
  std::optional<std::string> body;
  // Whether sending it twice does no harm. Unset: the description's
  // request.idempotent, else the method decides (POST and PATCH are not).
  std::optional<bool> idempotent;
};

// What Prepare answers: the request to send, or every problem with the inputs
// (then nothing is sent). Warnings may come with either.
struct Prepared {
  Request request;  // used when errors is empty and outputs null
  Json errors;      // [{"path", "message", "found", "allowed"}]; null: none
  Json warnings;    // [{"path", "message"}]; null: none
  // A task that sends nothing answers with its outputs here instead.
  Json outputs;

  // Records one problem: the field's dotted path, the whole message, what was
  // found as a message shows it (null when missing) and what is allowed.
  void Reject(std::string path, std::string message, Json found, std::string allowed) {
    errors.push_back(Json{{"path", std::move(path)}, {"message", std::move(message)},
                          {"found", std::move(found)}, {"allowed", std::move(allowed)}});
  }
  void Warn(std::string path, std::string message) {
    warnings.push_back(Json{{"path", std::move(path)}, {"message", std::move(message)}});
  }
};

// What Interpret is given: the answer, and the request that got it. Each part
// is read from the host's text only when first asked for. Not thread-safe: one
// call, one thread.
class Exchange {
 public:
  // `response_head` is {"status", "headers"} as plugin.h's interpret_buffers
  // has it; `request_head` is {"method", "url"}; the bodies are as sent and
  // as received. Nothing is copied: the texts must outlive the Exchange.
  Exchange(std::string_view request_head, std::string_view request_body,
           std::string_view response_head, std::string_view response_body)
      : request_head_(request_head), request_body_(request_body), response_body_(response_body) {
    bool status_ok = false, headers_ok = true;
    bool valid = json_text::VisitObject(response_head, [&](const std::string& key, std::string_view value) {
      if (key == "status") {
        Json number;
        status_ok = json_text::Parse(value, &number) && number.is_number_integer();
        if (status_ok) status_ = number.get<int>();
      } else if (key == "headers") {
        headers_ok = value == "null" || value.front() == '{';
        if (value.front() == '{') headers_text_ = value;
      }
    });
    if (!valid || !status_ok || !headers_ok || status_ < 100 || status_ > 599) {
      throw std::invalid_argument("interpret needs the response as {\"status\": integer, "
                                  "\"headers\": object}; got " + std::string(response_head.substr(0, 80)));
    }
  }

  // The HTTP status, 100 to 599.
  int status() const { return status_; }
  // The body as received (UTF-8: the host replaced invalid sequences).
  std::string_view body() const { return response_body_; }
  // The body parsed as JSON, or null when it is not JSON.
  const Json& body_json() const {
    if (!body_read_) {
      if (!json_text::Parse(response_body_, &body_json_)) body_json_ = nullptr;
      body_read_ = true;
    }
    return body_json_;
  }
  // {lower-case name: first value}.
  const Json& headers() const {
    if (!headers_read_) {
      if (headers_text_.empty() || !json_text::Parse(headers_text_, &headers_) || !headers_.is_object()) {
        headers_ = Json::object();
      }
      headers_read_ = true;
    }
    return headers_;
  }
  // The first value of the header `lower_name` (lower case), or nullptr. Fits
  // retry_timing.hpp's lookups: [&](auto name) { return exchange.header(name); }.
  const std::string* header(std::string_view lower_name) const {
    const Json& all = headers();
    auto found = all.find(lower_name);
    return found != all.end() && found->is_string() ? &found->get_ref<const std::string&>() : nullptr;
  }
  // {"method", "url"} of the request that was sent.
  const Json& request() const {
    if (!request_read_) {
      if (!json_text::Parse(request_head_, &request_) || !request_.is_object()) request_ = Json::object();
      request_read_ = true;
    }
    return request_;
  }
  // The body that was sent, as Prepare gave it ("" when there was none).
  std::string_view request_body() const { return request_body_; }

 private:
  std::string_view request_head_;
  std::string_view request_body_;
  std::string_view response_body_;
  std::string_view headers_text_;
  int status_ = 0;
  mutable Json headers_, request_, body_json_;
  mutable bool headers_read_ = false, request_read_ = false, body_read_ = false;
};

// What Interpret answers: outputs when the request did what it was for, else
// an error. The host adds the answer itself to either as "response" ({status,
// headers, body}): a task need not echo it.
struct Interpreted {
  Json outputs;  // an object, on success
  // On failure: {"kind", "message", "retry", ...}; "retry" is "never",
  // "backoff", "after_reset" (429: wait until "retry_at", Unix seconds, or
  // "retry_after" seconds; see retry_timing.hpp) or "unknown_outcome" (the
  // request may have taken effect). Other members are kept and shown.
  Json error;

  static Interpreted Outputs(Json outputs) { return Interpreted{std::move(outputs), Json()}; }
  static Interpreted Failure(Json error) { return Interpreted{Json(), std::move(error)}; }
};

class Task {
 public:
  virtual ~Task() = default;
  // Static strings: the task id ("vendor.operation") and its title.
  virtual const char* Id() const = 0;
  virtual const char* Title() const = 0;
  // The static description (plugin.h, wf_task.describe).
  virtual Json Describe() const = 0;
  // Checks already-templated inputs and builds the request, or reports every
  // problem. Must not do I/O.
  virtual Prepared Prepare(const Json& inputs) const = 0;
  // Turns the answer into outputs or an error. Must not do I/O.
  virtual Interpreted Interpret(const Exchange& exchange) const = 0;
};

// The JSON text of Prepare's answer, as plugin.h's prepare returns it; with
// `body_inline` false, without the request's body (prepare_buffers returns
// it in a buffer of its own).
inline std::string PreparedText(const Prepared& prepared, bool body_inline = true) {
  std::string out;
  out.reserve(512 + (body_inline && prepared.request.body ? prepared.request.body->size() * 11 / 10 : 0));
  out.push_back('{');
  if (prepared.errors.is_array() && !prepared.errors.empty()) {
    out.append("\"errors\":");
    json_text::Append(prepared.errors, &out);
  } else if (!prepared.outputs.is_null()) {
    out.append("\"outputs\":");
    json_text::Append(prepared.outputs, &out);
  } else {
    const Request& request = prepared.request;
    out.append("\"request\":{\"method\":");
    json_text::AppendString(request.method, &out);
    out.append(",\"url\":");
    json_text::AppendString(request.url, &out);
    out.append(",\"headers\":{");
    for (size_t i = 0; i < request.headers.size(); ++i) {
      if (i > 0) out.push_back(',');
      json_text::AppendString(request.headers[i].first, &out);
      out.push_back(':');
      json_text::AppendString(request.headers[i].second, &out);
    }
    out.push_back('}');
    if (request.body && body_inline) {
      out.append(",\"body_text\":");
      json_text::AppendString(*request.body, &out);
    }
    if (request.idempotent) out.append(*request.idempotent ? ",\"idempotent\":true" : ",\"idempotent\":false");
    out.push_back('}');
  }
  if (prepared.warnings.is_array() && !prepared.warnings.empty()) {
    out.append(",\"warnings\":");
    json_text::Append(prepared.warnings, &out);
  }
  out.push_back('}');
  return out;
}

// The JSON text of Interpret's answer, as plugin.h's interpret returns it.
inline std::string InterpretedText(const Interpreted& interpreted) {
  std::string out;
  out.reserve(256);
  if (interpreted.outputs.is_object()) {
    out.append("{\"outputs\":");
    json_text::Append(interpreted.outputs, &out);
  } else {
    out.append("{\"error\":");
    if (interpreted.error.is_object()) {
      json_text::Append(interpreted.error, &out);
    } else {
      out.append(R"({"kind":"plugin","message":"the task gave neither outputs nor an error","retry":"never"})");
    }
  }
  out.push_back('}');
  return out;
}

namespace detail {

// Copies text into a malloc'ed buffer the host hands back to FreeString.
inline char* CopyOut(const std::string& text) noexcept {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out != nullptr) std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

inline void FreeString(char* text) noexcept { std::free(text); }

inline const Task& TaskOf(const wf_task* self) noexcept {
  return *static_cast<const Task*>(self->user_data);
}

inline std::string_view View(const char* text) { return text != nullptr ? text : ""; }

inline std::string_view View(const wf_text* text) {
  if (text == nullptr || text->data == nullptr) return {};
  return std::string_view(text->data, text->size);
}

// Runs `body`, which returns JSON text; any exception becomes an error
// answer under `error_key`, so that the host always gets well-formed JSON.
template <typename Body>
char* Guarded(const char* error_key, Body body) noexcept {
  try {
    return CopyOut(body());
  } catch (const std::exception& e) {
    try {
      Json error = {{"message", std::string("plugin failed: ") + e.what()},
                    {"kind", "plugin"}, {"path", ""}, {"retry", "never"}};
      // replace: a parse error's text may quote the invalid bytes it met.
      const auto replace = Json::error_handler_t::replace;
      if (std::strcmp(error_key, "errors") == 0) {
        return CopyOut(Json{{"errors", Json::array({error})}}.dump(-1, ' ', false, replace));
      }
      return CopyOut(Json{{error_key, error}}.dump(-1, ' ', false, replace));
    } catch (...) {
      return nullptr;
    }
  } catch (...) {
    return nullptr;
  }
}

inline char* DescribeThunk(const wf_task* self) noexcept {
  return Guarded("error", [&] { return json_text::Write(TaskOf(self).Describe()); });
}

inline char* PrepareThunk(const wf_task* self, const char* inputs_json) noexcept {
  return Guarded("errors", [&] {
    return PreparedText(TaskOf(self).Prepare(ParseJson(inputs_json != nullptr ? inputs_json : "null")));
  });
}

// ABI 1.1: the body in a buffer of its own, handed over without a copy when
// the task built it as text.
inline char* PrepareBuffersThunk(const wf_task* self, const char* inputs_json, wf_text* body) noexcept {
  return Guarded("errors", [&] {
    Prepared prepared = TaskOf(self).Prepare(ParseJson(inputs_json != nullptr ? inputs_json : "null"));
    std::string answer = PreparedText(prepared, /*body_inline=*/false);
    bool sends = !(prepared.errors.is_array() && !prepared.errors.empty()) && prepared.outputs.is_null();
    if (sends && prepared.request.body && body != nullptr) {
      char* bytes = CopyOut(*prepared.request.body);
      if (bytes == nullptr) throw std::bad_alloc();
      body->data = bytes;
      body->size = prepared.request.body->size();
    }
    return answer;
  });
}

// ABI 1.1: each body as its own buffer.
inline char* InterpretBuffersThunk(const wf_task* self, const char* request_json,
                                   const wf_text* request_body, const char* response_json,
                                   const wf_text* response_body) noexcept {
  return Guarded("error", [&] {
    Exchange exchange(View(request_json), View(request_body), View(response_json), View(response_body));
    return InterpretedText(TaskOf(self).Interpret(exchange));
  });
}

// ABI 1.0: the bodies inside the JSON texts. Hosts of ABI 1.1 call the
// function above; this one serves the same hook to a host that does not.
inline char* InterpretThunk(const wf_task* self, const char* request_json,
                            const char* response_json) noexcept {
  return Guarded("error", [&] {
    Json request = ParseJson(View(request_json));
    Json response = ParseJson(View(response_json));
    std::string request_body, response_body;
    if (request.is_object() && request.contains("body_text") && request["body_text"].is_string()) {
      request_body = request["body_text"].get<std::string>();
    } else if (request.is_object() && request.contains("body") && !request["body"].is_null()) {
      request_body = json_text::Write(request["body"]);
    }
    if (response.is_object() && response.contains("body") && response["body"].is_string()) {
      response_body = response["body"].get<std::string>();
      response.erase("body");
    }
    std::string request_head = json_text::Write(
        Json{{"method", request.value("method", Json("GET"))}, {"url", request.value("url", Json(""))}});
    std::string response_head = json_text::Write(response);
    Exchange exchange(request_head, request_body, response_head, response_body);
    return InterpretedText(TaskOf(self).Interpret(exchange));
  });
}

// The tables the entry point returns; built once, on the first call.
template <size_t N>
struct Registry {
  wf_task task_tables[N];
  const wf_task* task_pointers[N];
  wf_plugin plugin;

  Registry(const char* name, const char* version, const Task* const (&tasks)[N]) noexcept {
    for (size_t i = 0; i < N; ++i) {
      wf_task& table = task_tables[i];
      std::memset(&table, 0, sizeof table);
      table.struct_size = sizeof(wf_task);
      table.id = tasks[i]->Id();
      table.title = tasks[i]->Title();
      table.describe = &DescribeThunk;
      table.prepare = &PrepareThunk;
      table.interpret = &InterpretThunk;
      table.user_data = tasks[i];
      table.interpret_buffers = &InterpretBuffersThunk;
      table.prepare_buffers = &PrepareBuffersThunk;
      task_pointers[i] = &table;
    }
    plugin = wf_plugin{sizeof(wf_plugin), WF_ABI_VERSION_CURRENT, name, version, N,
                       task_pointers, &FreeString};
  }
};

}  // namespace detail
}  // namespace wf::plugin

// Defines the plugin's exported entry point over a list of `const Task*`.
#define WF_DEFINE_PLUGIN(NAME, VERSION, ...)                                          \
  extern "C" WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) {               \
    static const ::wf::plugin::Task* const kTasks[] = {__VA_ARGS__};                  \
    static const ::wf::plugin::detail::Registry<sizeof(kTasks) / sizeof(kTasks[0])> \
        kRegistry(NAME, VERSION, kTasks);                                             \
    return &kRegistry.plugin;                                                         \
  }

#endif  // WF_PLUGIN_HPP_

#include "http/http_client.h"

#include <signal.h>

#include <chrono>
#include <mutex>

#include "base/ascii.h"
#include "base/clock.h"
#include "http/http_failure.h"
#include "http/http_pool.h"

namespace wf {
namespace {

using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr int kMaxRedirects = 10;
constexpr const char* kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

void IgnoreSigpipeIfDefault() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current = {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      struct sigaction ignore = {};
      ignore.sa_handler = SIG_IGN;
      sigemptyset(&ignore.sa_mask);
      sigaction(SIGPIPE, &ignore, nullptr);
    }
  });
}

// For messages: a header name that failed validation may hold any byte.
std::string Printable(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The bytes of an HTTP token (RFC 9110, "tchar").
struct TokenTable {
  bool token[256] = {};
  constexpr TokenTable() {
    for (int c = '0'; c <= '9'; ++c) token[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) token[c] = token[c - 32] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) token[static_cast<unsigned char>(c)] = true;
  }
};
constexpr TokenTable kToken;

bool IsToken(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!kToken.token[c]) return false;
  }
  return true;
}

// ParseUrl, remembering the last URL this thread parsed: a workflow sends to
// the same few URLs over and over.
Result<Url> ParseUrlOnce(const std::string& text) {
  thread_local std::string last_text;
  thread_local Url last_url;
  if (!last_text.empty() && text == last_text) return last_url;
  Result<Url> url = ParseUrl(text);
  if (url.ok()) {
    last_text = text;
    last_url = *url;
  }
  return url;
}

Status CheckMethod(const std::string& given, std::string* method) {
  std::string upper = UpperAscii(given);
  for (const char* known : kMethods) {
    if (upper == known) {
      *method = upper;
      return Status::Ok();
    }
  }
  std::string allowed;
  for (const char* known : kMethods) allowed += std::string(allowed.empty() ? "" : ", ") + known;
  return Status::Invalid("method '" + given + "' is not supported; allowed: " + allowed);
}

// Header values are never quoted: they may hold tokens.
Status CheckHeaders(const Headers& headers, const std::string& body) {
  for (const auto& [name, value] : headers) {
    if (!IsToken(name)) {
      return Status::Invalid("header name '" + Printable(name) + "' is not a valid HTTP token");
    }
    for (unsigned char c : value) {
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return Status::Invalid("header '" + name + "' has a line break or control character in its value");
      }
    }
    if (EqualsIgnoringCase(name, "Transfer-Encoding")) {
      return Status::Invalid("header 'Transfer-Encoding' is not allowed; the client frames the body itself");
    }
    if (EqualsIgnoringCase(name, "Content-Length") && value != std::to_string(body.size())) {
      return Status::Invalid("header '" + name + "' does not match the body, which has " +
                             std::to_string(body.size()) + " bytes");
    }
  }
  return Status::Ok();
}

Status CheckOptions(const HttpOptions& options) {
  for (const auto& [name, value] : {std::pair<const char*, int>{"connect_timeout_ms", options.connect_timeout_ms},
                                    {"read_timeout_ms", options.read_timeout_ms},
                                    {"write_timeout_ms", options.write_timeout_ms}}) {
    if (value <= 0) {
      return Status::Invalid(std::string(name) + " is " + std::to_string(value) + "; allowed: 1 or more");
    }
  }
  if (options.keep_alive_idle_ms < 0) {
    return Status::Invalid("keep_alive_idle_ms is " + std::to_string(options.keep_alive_idle_ms) +
                           "; allowed: 0 or more");
  }
  return Status::Ok();
}

HttpOutcome InvalidOutcome(const Status& status) {
  HttpOutcome outcome;
  outcome.failure = SendFailure::kInvalid;
  outcome.error = status.message();
  return outcome;
}

// The number the leading digits of `text` spell (0 if none); at most 19 digits.
unsigned long long LeadingNumber(std::string_view text) {
  unsigned long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') break;
    value = value * 10 + static_cast<unsigned long long>(c - '0');
  }
  return value;
}

void CopyHeaders(const httplib::Headers& from, Headers* to) {
  to->clear();
  for (const auto& [name, value] : from) to->emplace_back(LowerAscii(name), value);
}

template <typename SetTimeout>
void SetMs(int ms, SetTimeout set) {
  set(static_cast<time_t>(ms / 1000), static_cast<time_t>(ms % 1000) * 1000);
}

// One request and its answer on one pooled connection; no redirects.
HttpOutcome Exchange(HttpPool& pool, const std::string& method, const Url& url,
                     const Headers& headers, const std::string& body, const HttpOptions& options) {
  HttpPool::Lease lease = pool.Acquire(url, options.ca_file, options.keep_alive_idle_ms);
  httplib::Client& client = lease.client();
  SetMs(options.connect_timeout_ms, [&](time_t s, time_t us) { client.set_connection_timeout(s, us); });
  SetMs(options.read_timeout_ms, [&](time_t s, time_t us) { client.set_read_timeout(s, us); });
  SetMs(options.write_timeout_ms, [&](time_t s, time_t us) { client.set_write_timeout(s, us); });

  // Built by hand and passed to send() so that exactly these headers go out: the
  // Post(path, headers, body, content_type) helpers add a Content-Type of their own.
  httplib::Request request;
  request.method = method;
  request.path = url.path_and_query;
  for (const auto& [name, value] : headers) request.headers.emplace(name, value);
  request.body = body;

  HttpOutcome outcome;
  HttpResponse& response = outcome.response;
  const size_t limit = options.max_response_bytes;
  // What the two callbacks share, behind one pointer: a std::function holds
  // that much without allocating.
  struct Reading {
    HttpResponse* response;
    size_t limit;
    bool head_only;
    bool too_large = false;
  } reading{&response, limit, method == "HEAD"};
  Reading* state = &reading;
  request.response_handler = [state](const httplib::Response& head) {
    state->response->status = head.status;
    CopyHeaders(head.headers, &state->response->headers);
    // A declared length over the limit is refused before a byte of the body is read.
    auto length = head.headers.lower_bound("Content-Length");  // the first, found once
    if (!state->head_only && head.status != 204 && head.status != 304 &&
        length != head.headers.end() && EqualsIgnoringCase(length->first, "Content-Length")) {
      const std::string& declared = length->second;
      if (declared.size() > 19 || LeadingNumber(declared) > state->limit) {
        state->too_large = true;
        return false;
      }
    }
    return true;
  };
  // httplib delivers the body (decoded, if compressed) here instead of buffering
  // it; returning false makes it stop reading at once.
  request.content_receiver = [state](const char* data, size_t length, uint64_t, uint64_t) {
    std::string& body = state->response->body;
    if (length > state->limit - body.size()) {
      state->too_large = true;
      return false;
    }
    body.append(data, length);
    return true;
  };

  httplib::Response answer;
  httplib::Error error = httplib::Error::Success;
  Clock::time_point start = Clock::now();
  bool answered = client.send(request, answer, error);
  if (reading.too_large) {
    outcome.failure = SendFailure::kTooLarge;
    outcome.error = TooLargeMessage(url, limit);
    response.body.clear();
    return outcome;  // the lease drops the client: the rest of the body is unread
  }
  if (!answered) {
    FailureContext context{&url, &options, MsSince(start), client.get_openssl_verify_result()};
    ClassifiedFailure failure = ClassifyFailure(error, context);
    outcome.failure = failure.failure;
    outcome.error = std::move(failure.error);
    outcome.response = HttpResponse();
    return outcome;  // the lease drops the client: its connection is suspect
  }
  response.status = answer.status;
  // response_handler copied the headers already, unless httplib skipped it.
  if (response.headers.empty()) CopyHeaders(answer.headers, &response.headers);
  lease.Release();
  return outcome;
}

bool IsFollowedRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

void DropCredentials(Headers* headers) {
  std::erase_if(*headers, [](const auto& header) {
    const std::string& name = header.first;
    return EqualsIgnoringCase(name, "authorization") || EqualsIgnoringCase(name, "proxy-authorization") ||
           EqualsIgnoringCase(name, "cookie");
  });
}

}  // namespace

const char* SendFailureName(SendFailure failure) {
  switch (failure) {
    case SendFailure::kNone: return "none";
    case SendFailure::kNotSent: return "not_sent";
    case SendFailure::kNoResponse: return "no_response";
    case SendFailure::kTooLarge: return "too_large";
    case SendFailure::kInvalid: return "invalid";
  }
  return "unknown";
}

const std::string* HttpResponse::FindHeader(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return &value;
  }
  return nullptr;
}

Status HttpOutcome::ToStatus() const {
  switch (failure) {
    case SendFailure::kNone: return Status::Ok();
    case SendFailure::kInvalid: return Status::Invalid(error);
    case SendFailure::kTooLarge: return Status::Failed(error);
    case SendFailure::kNotSent:
    case SendFailure::kNoResponse: return Status::Unavailable(error);
  }
  return Status::Internal(error);
}

HttpClient::HttpClient(HttpOptions defaults)
    : defaults_(std::move(defaults)), pool_(std::make_unique<HttpPool>()) {
  IgnoreSigpipeIfDefault();
}

HttpClient::~HttpClient() = default;

size_t HttpClient::IdleConnections() const { return pool_->IdleCount(); }

HttpOutcome HttpClient::Send(const HttpRequest& request, const HttpOptions* per_request) {
  const HttpOptions& options = per_request != nullptr ? *per_request : defaults_;
  Clock::time_point start = Clock::now();
  std::string method;
  Result<Url> url = ParseUrlOnce(request.url);
  Status status = !url.ok() ? url.status() : CheckMethod(request.method, &method);
  if (status.ok()) status = CheckHeaders(request.headers, request.body);
  if (status.ok()) status = CheckOptions(options);
  if (!status.ok()) return InvalidOutcome(status);

  const bool follow = options.follow_redirects && (method == "GET" || method == "HEAD");
  Url target = *url;
  const Headers* headers = &request.headers;
  Headers other_origin;  // a copy only once a redirect leaves the origin
  HttpOutcome outcome;
  for (int hop = 0;; ++hop) {
    outcome = Exchange(*pool_, method, target, *headers, request.body, options);
    if (!outcome.ok() || !follow || hop == kMaxRedirects || !IsFollowedRedirect(outcome.response.status)) {
      break;
    }
    const std::string* location = outcome.response.FindHeader("location");
    if (location == nullptr) break;
    Result<Url> next = ResolveLocation(target, *location);
    if (!next.ok()) break;  // the 3xx itself is then the answer
    if (next->Origin() != target.Origin()) {
      other_origin = *headers;
      DropCredentials(&other_origin);
      headers = &other_origin;
    }
    target = *next;
  }
  outcome.elapsed_ms = MsSince(start);
  return outcome;
}

}  // namespace wf

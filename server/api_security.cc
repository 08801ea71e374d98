#include "server/api_security.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <regex>

#include "base/ascii.h"
#include "base/random.h"

namespace wf {
namespace {

// "host:port" as a Host header writes it; IPv6 literals in brackets.
std::string HostWithPort(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buffer[16];
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), buffer) == 1;
  }
  return inet_pton(AF_INET, host.c_str(), buffer) == 1;
}

bool IsStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& header, const std::string& name) {
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(start, end - start);
    size_t first = pair.find_first_not_of(' ');
    if (first != std::string::npos) pair = pair.substr(first);
    if (pair.compare(0, name.size() + 1, name + "=") == 0) return pair.substr(name.size() + 1);
    start = end + 1;
  }
  return "";
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  std::string h = LowerAscii(host);
  if (h == "localhost" || h == "::1" || h == "[::1]") return true;
  unsigned char address[4];
  return inet_pton(AF_INET, h.c_str(), address) == 1 && address[0] == 127;
}

RequestGuard::RequestGuard(std::string bind_host, int port, std::string api_token)
    : bind_host_(LowerAscii(std::move(bind_host))), port_(port), api_token_(std::move(api_token)),
      csrf_token_(RandomToken()) {
  wildcard_ = bind_host_ == "0.0.0.0" || bind_host_ == "::" || bind_host_.empty();
  auto add = [&](const std::string& host) {
    allowed_hosts_.push_back(HostWithPort(host, port_));
    if (port_ == 80) allowed_hosts_.push_back(host.find(':') != std::string::npos ? "[" + host + "]" : host);
  };
  if (wildcard_ || IsLoopbackHost(bind_host_)) {
    add("127.0.0.1");
    add("localhost");
    add("::1");
  }
  if (!wildcard_ && !IsLoopbackHost(bind_host_)) add(bind_host_);
  if (wildcard_) {
    char name[256] = {0};
    if (gethostname(name, sizeof name - 1) == 0 && name[0] != '\0') add(LowerAscii(name));
  }
}

bool RequestGuard::HostAllowed(const std::string& host_header) const {
  std::string host = LowerAscii(host_header);
  if (std::find(allowed_hosts_.begin(), allowed_hosts_.end(), host) != allowed_hosts_.end()) return true;
  if (!wildcard_) return false;
  size_t colon = host.rfind(':');
  if (colon == std::string::npos || host.substr(colon + 1) != std::to_string(port_)) return false;
  return IsIpLiteral(host.substr(0, colon));
}

bool RequestGuard::TokenGiven(const GuardedRequest& request, bool* by_bearer) const {
  *by_bearer = false;
  const std::string& auth = request.authorization;
  if (auth.size() > 7 && LowerAscii(auth.substr(0, 7)) == "bearer ") {
    *by_bearer = SameSecret(auth.substr(7), api_token_);
    if (*by_bearer) return true;
  }
  if (SameSecret(CookieValue(request.cookie, kTokenCookie), api_token_)) return true;
  return !request.query_token.empty() && SameSecret(request.query_token, api_token_);
}

GuardVerdict RequestGuard::Check(const GuardedRequest& request) const {
  if (request.host.empty()) return {403, "the request has no Host header; refused"};
  if (!HostAllowed(request.host)) {
    return {403, "Host '" + request.host + "' is not this server (" + allowed_hosts_.front() +
                     "); refused to guard against DNS rebinding"};
  }
  bool by_bearer = false;
  if (!api_token_.empty() && !TokenGiven(request, &by_bearer)) {
    return {401, "this server needs its API token: send 'Authorization: Bearer TOKEN', or open "
                 "the editor as http://HOST:PORT/?token=TOKEN"};
  }
  if (!IsStateChanging(request.method)) return {};
  if (!request.origin.empty() && LowerAscii(request.origin) != "http://" + LowerAscii(request.host)) {
    return {403, "cross-origin " + request.method + " from '" + request.origin + "' refused"};
  }
  // A bearer token cannot be attached by a cross-site page, so it stands in
  // for the CSRF token (scripts and webhooks send only the API token).
  if (by_bearer) return {};
  if (request.csrf.empty()) {
    return {403, std::string("missing ") + kCsrfHeader + " header: state-changing requests need "
                 "the server's CSRF token (reload the editor page, or GET /api/session)"};
  }
  if (!SameSecret(request.csrf, csrf_token_)) {
    return {403, std::string("wrong ") + kCsrfHeader + " token: the server was restarted since "
                 "the page was loaded; reload the editor page"};
  }
  return {};
}

bool ValidWorkflowName(const std::string& name, std::string* file) {
  static const std::regex kPattern("[A-Za-z0-9_-]{1,100}(\\.yaml)?");
  if (name.size() > 105 || !std::regex_match(name, kPattern)) return false;
  bool has_extension = name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0;
  *file = has_extension ? name : name + ".yaml";
  return true;
}

}  // namespace wf

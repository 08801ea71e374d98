// Absolute http/https URLs: parsing, redirect resolution and safe display.
//
// The HTTP client sends only to URLs that ParseUrl accepted, so a request line never
// carries a space, a line break or a byte the server cannot read. Error messages
// quote a URL without its query string, because queries and userinfo often carry
// tokens. Thread-compatible; all functions are pure.
#ifndef WF_HTTP_URL_H_
#define WF_HTTP_URL_H_

#include <string>

#include "base/status.h"

namespace wf {

struct Url {
  std::string scheme;          // "http" or "https", lower case
  std::string host;            // lower case; an IPv6 literal without its brackets
  int port = 0;                // explicit or the scheme's default (80, 443)
  std::string path_and_query;  // starts with '/', fragment removed, percent-encoded

  bool is_https() const { return scheme == "https"; }
  // "https://api.intercom.io", "http://127.0.0.1:8080", "http://[::1]:8080": the
  // port only when it is not the scheme's default.
  std::string Origin() const;
  // The origin with the port always written, as httplib::Client expects it.
  std::string OriginWithPort() const;
  // Origin and path without the query string: the form error messages use.
  std::string WithoutQuery() const;
  // Origin() + path_and_query.
  std::string ToString() const;
};

// Parses an absolute http or https URL. Scheme and host are lower-cased, a missing
// path becomes "/", a fragment is dropped, and spaces, quotes, angle brackets,
// backquotes and non-ASCII bytes in the path and query are percent-encoded.
// Fails (kInvalid) with a message that names the URL without its query, e.g.
//   url 'ftp://x' has scheme 'ftp'; allowed: http, https
//   url 'example.com/x' is not absolute; expected http://HOST/... or https://HOST/...
//   url 'http://x:0/' has port '0'; allowed: 1 to 65535
Result<Url> ParseUrl(const std::string& text);

// The URL a redirect's Location header points to, resolved against `base`:
// absolute ("https://h/p"), scheme-relative ("//h/p"), absolute-path ("/p") or
// relative ("p", resolved against base's directory). Fails like ParseUrl.
Result<Url> ResolveLocation(const Url& base, const std::string& location);

// The text as error messages quote it: cut before any query or fragment ("?..."
// marks a removed query), credentials before '@' replaced by "***", control bytes
// written as \xNN.
std::string UrlForMessage(const std::string& text);

}  // namespace wf

#endif  // WF_HTTP_URL_H_

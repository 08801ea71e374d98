#include "http/url.h"

#include <cstdio>

#include "base/ascii.h"

namespace wf {
namespace {

bool IsSchemeText(const std::string& s) {
  if (s.empty() || !IsAsciiAlpha(s[0])) return false;
  for (char c : s) {
    if (!IsAsciiAlnum(c) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool IsHostNameChar(unsigned char c) {
  return IsAsciiAlnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_';
}

bool IsIpv6Char(unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; }

// Bytes a request line cannot carry as they are. '%' is left alone so that text
// that is already percent-encoded is not encoded twice.
bool NeedsPercentEncoding(unsigned char c) {
  return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c >= 0x80;
}

std::string PercentEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (NeedsPercentEncoding(c)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

int DefaultPort(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

// "url 'TEXT'" with TEXT as UrlForMessage shows it.
std::string Named(const std::string& text) { return "url '" + UrlForMessage(text) + "'"; }

Status InvalidPort(const std::string& text, const std::string& port) {
  return Status::Invalid(Named(text) + " has port '" + port + "'; allowed: 1 to 65535");
}

// Splits "host", "host:port", "[v6]" or "[v6]:port" into url->host and url->port.
Status ParseAuthority(const std::string& text, const std::string& authority, Url* url) {
  std::string host;
  std::string rest;  // what follows the host: empty or ":port"
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) {
      return Status::Invalid(Named(text) + " has an IPv6 address without its closing ']'");
    }
    host = authority.substr(1, close - 1);
    rest = authority.substr(close + 1);
    for (unsigned char c : host) {
      if (!IsIpv6Char(c)) {
        return Status::Invalid(Named(text) + " has '" + host + "' in brackets, which is not an IPv6 address");
      }
    }
    if (!rest.empty() && rest[0] != ':') {
      return Status::Invalid(Named(text) + " has '" + rest + "' after its IPv6 address");
    }
  } else {
    size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string::npos) rest = authority.substr(colon);
    for (unsigned char c : host) {
      if (!IsHostNameChar(c)) {
        return Status::Invalid(Named(text) + " has host '" + host +
                               "'; a host may contain only letters, digits, '-', '.' and '_'");
      }
    }
  }
  if (host.empty()) return Status::Invalid(Named(text) + " has no host");
  url->host = LowerAscii(host);

  url->port = DefaultPort(url->scheme);
  if (rest.size() > 1) {  // a bare ':' means the default port
    std::string port = rest.substr(1);
    if (port.size() > 5) return InvalidPort(text, port);
    for (unsigned char c : port) {
      if (!IsAsciiDigit(static_cast<char>(c))) return InvalidPort(text, port);
    }
    int value = std::stoi(port);
    if (value < 1 || value > 65535) return InvalidPort(text, port);
    url->port = value;
  }
  return Status::Ok();
}

}  // namespace

std::string Url::Origin() const {
  std::string out = scheme + "://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host);
  if (port != DefaultPort(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string Url::OriginWithPort() const {
  return scheme + "://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

std::string Url::WithoutQuery() const {
  return Origin() + path_and_query.substr(0, path_and_query.find('?'));
}

std::string Url::ToString() const { return Origin() + path_and_query; }

std::string UrlForMessage(const std::string& text) {
  std::string shown = text;
  size_t cut = shown.find_first_of("?#");
  if (cut != std::string::npos) {
    shown = shown.substr(0, cut) + (text[cut] == '?' ? "?..." : "");
  }
  size_t authority = shown.find("://");
  authority = authority == std::string::npos ? 0 : authority + 3;
  size_t authority_end = shown.find('/', authority);
  size_t at = shown.rfind('@', authority_end == std::string::npos ? shown.size() : authority_end);
  if (at != std::string::npos && at >= authority &&
      (authority_end == std::string::npos || at < authority_end)) {
    shown.replace(authority, at - authority, "***");
  }
  std::string out;
  for (unsigned char c : shown) {
    if (IsControl(c)) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Result<Url> ParseUrl(const std::string& text) {
  if (text.empty()) return Status::Invalid("url is empty");
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsControl(static_cast<unsigned char>(text[i]))) {
      return Status::Invalid(Named(text) + " has a control character at offset " + std::to_string(i));
    }
  }
  size_t sep = text.find("://");
  if (sep == std::string::npos || !IsSchemeText(text.substr(0, sep))) {
    return Status::Invalid(Named(text) +
                           " is not absolute; expected http://HOST/... or https://HOST/...");
  }
  Url url;
  url.scheme = LowerAscii(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return Status::Invalid(Named(text) + " has scheme '" + url.scheme + "'; allowed: http, https");
  }
  size_t authority_begin = sep + 3;
  size_t authority_end = text.find_first_of("/?#", authority_begin);
  if (authority_end == std::string::npos) authority_end = text.size();
  std::string authority = text.substr(authority_begin, authority_end - authority_begin);
  if (authority.find('@') != std::string::npos) {
    return Status::Invalid(Named(text) +
                           " has credentials before '@'; send them in an Authorization header instead");
  }
  if (Status status = ParseAuthority(text, authority, &url); !status.ok()) return status;

  std::string rest = text.substr(authority_end);
  rest = rest.substr(0, rest.find('#'));
  if (rest.empty() || rest[0] != '/') rest = "/" + rest;
  url.path_and_query = PercentEncode(rest);
  return url;
}

Result<Url> ResolveLocation(const Url& base, const std::string& location) {
  if (location.empty()) return Status::Invalid("redirect location is empty");
  size_t colon = location.find(':');
  if (colon != std::string::npos && colon < location.find_first_of("/?#") &&
      IsSchemeText(location.substr(0, colon))) {
    return ParseUrl(location);  // absolute
  }
  if (location.rfind("//", 0) == 0) return ParseUrl(base.scheme + ":" + location);
  if (location[0] == '/') return ParseUrl(base.Origin() + location);
  std::string base_path = base.path_and_query.substr(0, base.path_and_query.find('?'));
  if (location[0] == '?') return ParseUrl(base.Origin() + base_path + location);
  if (location[0] == '#') return ParseUrl(base.ToString());
  // Dot segments are left for the server to resolve, as they are in the request line.
  return ParseUrl(base.Origin() + base_path.substr(0, base_path.rfind('/') + 1) + location);
}

}  // namespace wf

#include "url.h"

#include "ascii.h"

namespace wf::intercom {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerChar(c);
  return out;
}

bool HasSpaceOrControl(std::string_view text) {
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return true;
  }
  return false;
}

}  // namespace

bool ParseHttpUrl(std::string_view text, HttpUrl* url) {
  std::size_t colon = text.find("://");
  if (colon == std::string_view::npos || HasSpaceOrControl(text)) return false;
  std::string scheme = Lower(text.substr(0, colon));
  if (scheme != "http" && scheme != "https") return false;
  std::string_view rest = text.substr(colon + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::size_t at = authority.rfind('@');
  std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
  std::string_view host = host_port;
  if (!host_port.empty() && host_port.front() == '[') {
    std::size_t close = host_port.find(']');
    if (close == std::string_view::npos) return false;
    host = host_port.substr(0, close + 1);
  } else {
    host = host_port.substr(0, host_port.find(':'));
  }
  if (host.empty()) return false;
  url->scheme = scheme;
  url->host = Lower(host);
  url->has_userinfo = at != std::string_view::npos;
  url->has_query_or_fragment = rest.find_first_of("?#") != std::string_view::npos;
  return true;
}

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "[::1]" || host.substr(0, 4) == "127.";
}

}  // namespace wf::intercom

// Just enough URL checking for base_url and attachment_urls: an absolute http or
// https URL with a host, and nothing that could split an HTTP request line.
#ifndef WF_PLUGIN_INTERCOM_URL_H_
#define WF_PLUGIN_INTERCOM_URL_H_

#include <string>
#include <string_view>

namespace wf::intercom {

struct HttpUrl {
  std::string scheme;  // "http" or "https", lower-case
  std::string host;    // without port; IPv6 addresses keep their brackets
  bool has_userinfo = false;
  bool has_query_or_fragment = false;
};

// Parses an absolute http(s) URL. Returns false when the scheme is not http or
// https (any case), the host is empty, or the text holds spaces or control
// characters.
bool ParseHttpUrl(std::string_view text, HttpUrl* url);

// True for localhost, 127.0.0.0/8 and [::1].
bool IsLoopbackHost(std::string_view host);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_URL_H_

#include "http/http_failure.h"

#include <netdb.h>
#include <openssl/x509_vfy.h>  // verify result codes only; nothing to link
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace wf {
namespace {

std::string Ms(int ms) { return std::to_string(ms) + " ms"; }

std::string ResolveFailure(int rc, const std::string& host) {
  switch (rc) {
    case EAI_NONAME:
#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
      return "host '" + host + "' not found";
    case EAI_AGAIN:
      return "temporary failure looking up host '" + host + "'";
    default:
      return "cannot look up host '" + host + "': " + gai_strerror(rc);
  }
}

// 0 when a connection could be made, else the errno of the attempt.
int ProbeConnect(const addrinfo& address, int timeout_ms) {
  int fd = socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  address.ai_protocol);
  if (fd < 0) return errno;
  int error = connect(fd, address.ai_addr, address.ai_addrlen) == 0 ? 0 : errno;
  if (error == EINPROGRESS) {
    pollfd waiting{fd, POLLOUT, 0};
    if (poll(&waiting, 1, timeout_ms) <= 0) {
      error = ETIMEDOUT;
    } else {
      socklen_t length = sizeof error;
      if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    }
  }
  close(fd);
  return error;
}

// httplib reports every connect failure as Error::Connection with no errno, so
// the cause is found by resolving and connecting again (no byte is sent). This
// runs only on the failure path; a refusal answers at once.
std::string DiagnoseConnect(const Url& url, int connect_timeout_ms) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(url.host.c_str(), std::to_string(url.port).c_str(), &hints, &found);
  if (rc != 0) return ResolveFailure(rc, url.host);
  int timeout_ms = std::min(connect_timeout_ms, 2000);
  int last_error = 0;
  bool refused = false;
  for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
    last_error = ProbeConnect(*address, timeout_ms);
    if (last_error == 0) break;
    refused = refused || last_error == ECONNREFUSED;
  }
  freeaddrinfo(found);
  if (refused) return "connection refused";
  switch (last_error) {
    case 0: return "could not connect";  // it worked this time: a passing fault
    case ENETUNREACH: return "network unreachable";
    case EHOSTUNREACH: return "host unreachable";
    case ETIMEDOUT: return "could not connect within " + Ms(connect_timeout_ms);
    default: return std::string("could not connect: ") + std::strerror(last_error);
  }
}

std::string CertificateFailure(long verify_result, const std::string& host) {
  switch (verify_result) {
    // httplib checks the host name itself, after OpenSSL accepted the chain.
    case X509_V_OK: return "the TLS certificate is not valid for host '" + host + "'";
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return "the TLS certificate is self-signed and not trusted";
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      return "the TLS certificate is not issued by a trusted CA";
    case X509_V_ERR_CERT_HAS_EXPIRED: return "the TLS certificate has expired";
    case X509_V_ERR_CERT_NOT_YET_VALID: return "the TLS certificate is not valid yet";
    case X509_V_ERR_HOSTNAME_MISMATCH:
      return "the TLS certificate is not valid for host '" + host + "'";
    default:
      return "the TLS certificate was rejected (OpenSSL verify error " +
             std::to_string(verify_result) + ")";
  }
}

ClassifiedFailure NotSent(const Url& url, const std::string& reason) {
  return {SendFailure::kNotSent,
          "no response from " + url.WithoutQuery() + ": " + reason + " (the request was not sent)"};
}

ClassifiedFailure NoResponse(const Url& url, const std::string& reason) {
  return {SendFailure::kNoResponse, "no response from " + url.WithoutQuery() + ": " + reason +
                                        " (the request may have reached the server)"};
}

}  // namespace

std::string TooLargeMessage(const Url& url, size_t limit) {
  return "response from " + url.WithoutQuery() + " is larger than max_response_bytes (" +
         std::to_string(limit) + " bytes)";
}

ClassifiedFailure ClassifyFailure(httplib::Error error, const FailureContext& context) {
  const Url& url = *context.url;
  const HttpOptions& options = *context.options;
  switch (error) {
    case httplib::Error::Connection:
      return NotSent(url, DiagnoseConnect(url, options.connect_timeout_ms));
    case httplib::Error::ConnectionTimeout:
      return NotSent(url, "could not connect within " + Ms(options.connect_timeout_ms));
    case httplib::Error::BindIPAddress:
      return NotSent(url, "could not bind the local network interface");
    case httplib::Error::SSLConnection:
      return NotSent(url, "the TLS handshake failed");
    case httplib::Error::SSLLoadingCerts:
      return NotSent(url, options.ca_file.empty()
                              ? "could not load the system's CA certificates"
                              : "could not load CA certificates from '" + options.ca_file + "'");
    case httplib::Error::SSLServerVerification:
      return NotSent(url, CertificateFailure(context.tls_verify_result, url.host));
    case httplib::Error::Read:
      // httplib reports a read timeout and a closed connection alike; a read that
      // failed after the whole read timeout had passed is taken as a timeout.
      if (context.elapsed_ms >= options.read_timeout_ms) {
        return NoResponse(url, "no answer within the read timeout of " + Ms(options.read_timeout_ms));
      }
      return NoResponse(url, "the connection closed before a complete response arrived");
    case httplib::Error::Write:
      // Part or all of the request may already be with the server, which may act on
      // it: for a create that is not safe to repeat, "not sent" would be a lie.
      return NoResponse(url, "the connection failed while the request was being sent");
    case httplib::Error::Canceled:
      return NoResponse(url, "the exchange was canceled");
    default:
      return NoResponse(url, "unexpected failure (httplib: " + httplib::to_string(error) + ")");
  }
}

}  // namespace wf

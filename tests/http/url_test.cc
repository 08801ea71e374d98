#include "http/url.h"

#include <catch2/catch.hpp>

namespace wf {
namespace {

std::string ErrorOf(const std::string& text) {
  Result<Url> url = ParseUrl(text);
  REQUIRE_FALSE(url.ok());
  CHECK(url.status().code() == StatusCode::kInvalid);
  return url.status().message();
}

TEST_CASE("ParseUrl splits an absolute URL into scheme, host, port and path") {
  SECTION("explicit port and query") {
    Result<Url> url = ParseUrl("HTTP://Example.COM:8080/a/b?x=1&y=2#frag");
    REQUIRE(url.ok());
    CHECK(url->scheme == "http");
    CHECK(url->host == "example.com");
    CHECK(url->port == 8080);
    CHECK(url->path_and_query == "/a/b?x=1&y=2");
    CHECK(url->Origin() == "http://example.com:8080");
    CHECK(url->WithoutQuery() == "http://example.com:8080/a/b");
  }
  SECTION("default ports and an empty path") {
    Result<Url> https = ParseUrl("https://api.intercom.io");
    REQUIRE(https.ok());
    CHECK(https->port == 443);
    CHECK(https->path_and_query == "/");
    CHECK(https->Origin() == "https://api.intercom.io");
    CHECK(https->OriginWithPort() == "https://api.intercom.io:443");
    Result<Url> http = ParseUrl("http://x:/?q");
    REQUIRE(http.ok());
    CHECK(http->port == 80);
    CHECK(http->path_and_query == "/?q");
  }
  SECTION("an IPv6 literal") {
    Result<Url> url = ParseUrl("http://[::1]:9000/p");
    REQUIRE(url.ok());
    CHECK(url->host == "::1");
    CHECK(url->Origin() == "http://[::1]:9000");
  }
  SECTION("spaces and non-ASCII bytes are percent-encoded, '%' is kept") {
    Result<Url> url = ParseUrl("http://h/a b/\xC3\xA9?q=%41 \"x\"");
    REQUIRE(url.ok());
    CHECK(url->path_and_query == "/a%20b/%C3%A9?q=%41%20%22x%22");
  }
}

TEST_CASE("ParseUrl rejects what the client cannot send, with exact messages") {
  CHECK(ErrorOf("ftp://x") == "url 'ftp://x' has scheme 'ftp'; allowed: http, https");
  CHECK(ErrorOf("") == "url is empty");
  CHECK(ErrorOf("example.com/conversations") ==
        "url 'example.com/conversations' is not absolute; expected http://HOST/... or https://HOST/...");
  CHECK(ErrorOf("/conversations?token=abc") ==
        "url '/conversations?...' is not absolute; expected http://HOST/... or https://HOST/...");
  CHECK(ErrorOf("http:///conversations") == "url 'http:///conversations' has no host");
  CHECK(ErrorOf("http://x:0/") == "url 'http://x:0/' has port '0'; allowed: 1 to 65535");
  CHECK(ErrorOf("http://x:65536/") == "url 'http://x:65536/' has port '65536'; allowed: 1 to 65535");
  CHECK(ErrorOf("http://x:8o/") == "url 'http://x:8o/' has port '8o'; allowed: 1 to 65535");
  CHECK(ErrorOf("http://ex ample.com/") ==
        "url 'http://ex ample.com/' has host 'ex ample.com'; a host may contain only letters, "
        "digits, '-', '.' and '_'");
  CHECK(ErrorOf("http://[::1/") == "url 'http://[::1/' has an IPv6 address without its closing ']'");
  CHECK(ErrorOf("https://user:secret@api.example.com/x") ==
        "url 'https://***@api.example.com/x' has credentials before '@'; send them in an "
        "Authorization header instead");
  CHECK(ErrorOf("http://h/a\r\nX-Injected: 1") ==
        "url 'http://h/a\\x0d\\x0aX-Injected: 1' has a control character at offset 10");
}

TEST_CASE("UrlForMessage hides the query and credentials") {
  CHECK(UrlForMessage("https://h/p?token=abc#f") == "https://h/p?...");
  CHECK(UrlForMessage("https://h/p#f") == "https://h/p");
  CHECK(UrlForMessage("https://u:p@h/p") == "https://***@h/p");
  CHECK(UrlForMessage("https://h/p@q") == "https://h/p@q");
}

TEST_CASE("ResolveLocation resolves a redirect against the URL that answered") {
  Url base = *ParseUrl("https://api.example.com/v1/items/7?x=1");
  auto resolve = [&](const std::string& location) {
    Result<Url> url = ResolveLocation(base, location);
    REQUIRE(url.ok());
    return url->ToString();
  };
  CHECK(resolve("http://other.example:81/a") == "http://other.example:81/a");
  CHECK(resolve("//cdn.example.com/b") == "https://cdn.example.com/b");
  CHECK(resolve("/c?d=1") == "https://api.example.com/c?d=1");
  CHECK(resolve("8") == "https://api.example.com/v1/items/8");
  CHECK(resolve("?y=2") == "https://api.example.com/v1/items/7?y=2");
  Result<Url> ftp = ResolveLocation(base, "ftp://files.example/x");
  REQUIRE_FALSE(ftp.ok());
  CHECK(ftp.status().message() == "url 'ftp://files.example/x' has scheme 'ftp'; allowed: http, https");
}

}  // namespace
}  // namespace wf

// The header checks and the request-id format, apart from any server.
#include "sandbox/validate_request.h"

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

TEST_CASE("BearerToken reads the token of a Bearer Authorization header", "[sandbox][validation]") {
  CHECK(BearerToken("Bearer abc") == std::optional<std::string>("abc"));
  CHECK(BearerToken("bearer  abc ") == std::optional<std::string>("abc"));
  CHECK(BearerToken("") == std::nullopt);
  CHECK(BearerToken("Bearer") == std::nullopt);
  CHECK(BearerToken("Bearer   ") == std::nullopt);
  CHECK(BearerToken("Basic abc") == std::nullopt);
  CHECK(BearerToken("abc") == std::nullopt);
}

TEST_CASE("AcceptsJson admits JSON media ranges unless q is 0", "[sandbox][validation]") {
  CHECK(AcceptsJson(""));
  CHECK(AcceptsJson("*/*"));
  CHECK(AcceptsJson("application/json"));
  CHECK(AcceptsJson("application/*;q=0.1"));
  CHECK(AcceptsJson("text/html, */*;q=0.8"));
  CHECK_FALSE(AcceptsJson("text/html"));
  CHECK_FALSE(AcceptsJson("application/xml"));
  CHECK_FALSE(AcceptsJson("application/json;q=0.0"));
}

TEST_CASE("IsJsonContentType ignores parameters and case", "[sandbox][validation]") {
  CHECK(IsJsonContentType("application/json"));
  CHECK(IsJsonContentType("Application/JSON; charset=UTF-8"));
  CHECK_FALSE(IsJsonContentType(""));
  CHECK_FALSE(IsJsonContentType("text/json"));
  CHECK_FALSE(IsJsonContentType("application/x-www-form-urlencoded"));
}

TEST_CASE("The known Intercom versions are the 2.12 list, 2.13-2.16, Unstable and Preview",
          "[sandbox][validation]") {
  CHECK(KnownIntercomVersions().size() == 24);
  for (const char* version : {"1.0", "1.4", "2.0", "2.12", "2.16", "Unstable", "Preview"}) {
    INFO(version);
    CHECK(IsKnownIntercomVersion(version));
  }
  for (const char* version : {"1.5", "2.17", "2", "latest", "preview"}) {
    INFO(version);
    CHECK_FALSE(IsKnownIntercomVersion(version));
  }
}

TEST_CASE("Request ids look like Intercom's version-4 UUIDs", "[sandbox][validation]") {
  // xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx, lowercase hex, Y one of 8 9 a b.
  const std::string first = NewRequestId();
  REQUIRE(first.size() == 36);
  for (size_t i = 0; i < first.size(); ++i) {
    INFO(first << " at " << i);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      CHECK(first[i] == '-');
    } else {
      CHECK(std::string("0123456789abcdef").find(first[i]) != std::string::npos);
    }
  }
  CHECK(first[14] == '4');
  CHECK(std::string("89ab").find(first[19]) != std::string::npos);
  CHECK(NewRequestId() != first);
}

}  // namespace
}  // namespace wf::sandbox::testing

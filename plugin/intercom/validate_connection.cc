// The connection fields: which API version, where to send, and with what token.

#include "ascii.h"
#include "url.h"
#include "validate.h"

namespace wf::intercom {
namespace {

const std::string kBaseUrlAllowed =
    "an absolute http or https URL without user info, query or fragment";
const std::string kTokenAllowed =
    "a non-empty string without spaces, control characters or non-ASCII characters";

void ValidateVersion(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* version = GivenField(inputs, "intercom_version");
  if (version == nullptr) return;  // keeps kDefaultVersion
  if (!version->is_string()) {
    // YAML reads an unquoted 2.10 as the number 2.1, hence the hint.
    return report->Reject("intercom_version", ShowValue(*version),
                          JoinNames(kVersions) + ", written as a string (quote it in YAML)");
  }
  if (!IsOneOf(version->get_ref<const std::string&>(), kVersions)) {
    return report->Reject("intercom_version", ShowValue(*version), JoinNames(kVersions));
  }
  out->intercom_version = version->get<std::string>();
}

// Leaves the region's origin in out->base_url; base_url, checked after, may
// replace it.
void ValidateRegion(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* region = GivenField(inputs, "region");
  if (region == nullptr) {
    out->base_url = RegionBaseUrl(kDefaultRegion);
  } else if (!region->is_string() || RegionBaseUrl(region->get<std::string>()).empty()) {
    report->Reject("region", ShowValue(*region), JoinNames(kRegions));
  } else {
    out->base_url = RegionBaseUrl(region->get<std::string>());
  }
}

void ValidateBaseUrl(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* base_url = GivenField(inputs, "base_url");
  // An empty string is what a blank editor field or an empty default renders to.
  if (base_url == nullptr || *base_url == "") return;
  HttpUrl url;
  if (!base_url->is_string() || !ParseHttpUrl(base_url->get<std::string>(), &url) ||
      url.has_userinfo || url.has_query_or_fragment) {
    return report->Reject("base_url", ShowValue(*base_url), kBaseUrlAllowed);
  }
  std::string text = base_url->get<std::string>();
  while (text.back() == '/') text.pop_back();
  out->base_url = text;
  // Only a region other than the default is worth a word: hosts may fill defaults in.
  if (const Json* region = GivenField(inputs, "region"); region != nullptr && *region != kDefaultRegion) {
    report->Warn("region", "region " + ShowValue(*region) + " is ignored because base_url is set");
  }
  if (url.scheme == "http" && !IsLoopbackHost(url.host)) {
    report->Warn("base_url", "base_url uses plain http to " + ShowValue(url.host) +
                                 ", so the access token would travel unencrypted; use https");
  }
}

// Why a token cannot go into an Authorization header, without showing it; ""
// when it can.
std::string TokenProblem(const Json& token) {
  if (!token.is_string()) return "not a string";
  const std::string& text = token.get_ref<const std::string&>();
  if (text.empty()) return "empty";
  bool space = false;
  bool non_ascii = false;
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return "contains a control character";
    space = space || byte == ' ';
    non_ascii = non_ascii || byte >= 0x80;
  }
  std::string prefix = text.substr(0, 7);
  for (char& c : prefix) c = LowerChar(c);
  if (prefix == "bearer ") {
    return "starts with 'Bearer ', which this task adds itself";
  }
  if (space) return "contains a space";
  if (non_ascii) return "contains a non-ASCII character";
  if (text.find("${") != std::string::npos) return "contains an unresolved ${...} template";
  return "";
}

void ValidateAccessToken(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* token = GivenField(inputs, "access_token");
  if (token == nullptr) return report->Missing("access_token", kTokenAllowed);
  std::string problem = TokenProblem(*token);
  if (!problem.empty()) return report->Reject("access_token", "*** (" + problem + ")", kTokenAllowed);
  out->access_token = token->get<std::string>();
}

}  // namespace

void ValidateConnectionFields(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  ValidateVersion(inputs, out, report);
  ValidateRegion(inputs, out, report);
  ValidateBaseUrl(inputs, out, report);
  ValidateAccessToken(inputs, out, report);
}

}  // namespace wf::intercom

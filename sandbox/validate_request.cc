#include "sandbox/validate_request.h"

#include <algorithm>
#include <cstdint>

#include "base/ascii.h"

namespace wf::sandbox {

namespace {

std::string Lower(std::string text) { return LowerAscii(std::move(text)); }

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// The media type of a header value, lowercased, without its parameters.
std::string MediaType(const std::string& value) {
  return Lower(Trim(value.substr(0, value.find(';'))));
}

// False when a media range carries q=0, which rules it out.
bool HasPositiveQuality(const std::string& range) {
  std::vector<std::string> parameters = Split(range, ';');
  for (size_t i = 1; i < parameters.size(); ++i) {
    const std::string parameter = Lower(Trim(parameters[i]));
    if (parameter.rfind("q=", 0) == 0) {
      const std::string value = parameter.substr(2);
      return value.find_first_not_of("0.") != std::string::npos;
    }
  }
  return true;
}

std::string JoinedVersions() {
  std::string text;
  for (const std::string& version : KnownIntercomVersions()) {
    text += (text.empty() ? "" : ", ") + version;
  }
  return text;
}

bool IsHttpUrl(const std::string& url) {
  const std::string lower = Lower(url);
  size_t host_start = 0;
  if (lower.rfind("http://", 0) == 0) {
    host_start = 7;
  } else if (lower.rfind("https://", 0) == 0) {
    host_start = 8;
  } else {
    return false;
  }
  const size_t host_end = url.find_first_of("/?#", host_start);
  const bool has_host = (host_end == std::string::npos ? url.size() : host_end) > host_start;
  const bool has_space = std::any_of(
      url.begin(), url.end(), [](unsigned char c) { return IsAsciiSpace(static_cast<char>(c)) || c < 0x20 || c == 0x7f; });
  return has_host && !has_space;
}

ApiError NotFound(const std::string& field) {
  return {"parameter_not_found", field + " is required", field};
}

ApiError Invalid(const std::string& field, const std::string& message) {
  return {"parameter_invalid", field + " " + message, field};
}

// Whether a member is present; null counts as absent.
const nlohmann::json* Member(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

void CheckFrom(const nlohmann::json& document, ConversationRequest* request,
               std::vector<ApiError>* errors) {
  const nlohmann::json* from = Member(document, "from");
  if (from == nullptr) {
    errors->push_back(NotFound("from"));
    return;
  }
  if (!from->is_object()) {
    errors->push_back(Invalid("from", "must be an object with type and id"));
    return;
  }
  const nlohmann::json* type = Member(*from, "type");
  if (type == nullptr) {
    errors->push_back(NotFound("from.type"));
  } else if (!type->is_string() || (*type != "lead" && *type != "user" && *type != "contact")) {
    errors->push_back(
        Invalid("from.type", "is " + type->dump() + "; allowed: lead, user, contact"));
  } else {
    request->from_type = type->get<std::string>();
  }
  const nlohmann::json* id = Member(*from, "id");
  if (id == nullptr) {
    errors->push_back(NotFound("from.id"));
  } else if (!id->is_string() || id->get<std::string>().empty()) {
    errors->push_back(Invalid("from.id", "must be a non-empty string; got " + id->dump()));
  } else {
    request->from_id = id->get<std::string>();
  }
}

void CheckBody(const nlohmann::json& document, ConversationRequest* request,
               std::vector<ApiError>* errors) {
  const nlohmann::json* body = Member(document, "body");
  if (body == nullptr) {
    errors->push_back(NotFound("body"));
  } else if (!body->is_string() || Trim(body->get<std::string>()).empty()) {
    errors->push_back(Invalid("body", "must be a string with text in it; got " + body->dump()));
  } else {
    request->body = body->get<std::string>();
  }
}

void CheckOptionalFields(const nlohmann::json& document, ConversationRequest* request,
                         std::vector<ApiError>* errors) {
  if (const nlohmann::json* type = Member(document, "message_type")) {
    static const std::vector<std::string> kAllowed = {"email", "inapp", "whatsapp", "facebook",
                                                      "sms"};
    if (!type->is_string() ||
        std::find(kAllowed.begin(), kAllowed.end(), type->get<std::string>()) == kAllowed.end()) {
      errors->push_back(Invalid("message_type", "is " + type->dump() +
                                                    "; allowed: email, inapp, whatsapp, "
                                                    "facebook, sms"));
    } else {
      request->message_type = type->get<std::string>();
    }
  }
  if (const nlohmann::json* subject = Member(document, "subject")) {
    if (!subject->is_string()) {
      errors->push_back(Invalid("subject", "must be a string; got " + subject->dump()));
    } else {
      request->subject = subject->get<std::string>();
    }
  }
  if (const nlohmann::json* created_at = Member(document, "created_at")) {
    // nlohmann parses every non-negative integer as unsigned: anything else
    // (negative, fractional, text) is not a Unix time.
    const bool is_unix_seconds = created_at->is_number_unsigned() &&
                                 created_at->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX);
    if (!is_unix_seconds) {
      errors->push_back(Invalid(
          "created_at", "must be a whole number of UTC Unix seconds; got " + created_at->dump()));
    } else {
      request->created_at = created_at->get<int64_t>();
    }
  }
  if (const nlohmann::json* urls = Member(document, "attachment_urls")) {
    if (!urls->is_array()) {
      errors->push_back(
          Invalid("attachment_urls", "must be an array of URLs; got " + urls->dump()));
      return;
    }
    if (urls->size() > 10) {
      errors->push_back(Invalid("attachment_urls", "has " + std::to_string(urls->size()) +
                                                       " entries; at most 10 are allowed"));
      return;
    }
    for (size_t i = 0; i < urls->size(); ++i) {
      const nlohmann::json& url = (*urls)[i];
      if (!url.is_string() || !IsHttpUrl(url.get<std::string>())) {
        errors->push_back(Invalid("attachment_urls[" + std::to_string(i) + "]",
                                  "must be an http or https URL; got " + url.dump()));
      } else {
        request->attachment_urls.push_back(url.get<std::string>());
      }
    }
  }
}

}  // namespace

std::optional<std::string> BearerToken(const std::string& authorization) {
  const std::string value = Trim(authorization);
  if (value.size() <= 7 || Lower(value.substr(0, 7)) != "bearer ") return std::nullopt;
  std::string token = Trim(value.substr(7));
  if (token.empty()) return std::nullopt;
  return token;
}

bool AcceptsJson(const std::string& accept) {
  if (Trim(accept).empty()) return true;
  for (const std::string& range : Split(accept, ',')) {
    const std::string type = MediaType(range);
    if ((type == "*/*" || type == "application/*" || type == "application/json") &&
        HasPositiveQuality(range)) {
      return true;
    }
  }
  return false;
}

bool IsJsonContentType(const std::string& content_type) {
  return MediaType(content_type) == "application/json";
}

const std::vector<std::string>& KnownIntercomVersions() {
  static const std::vector<std::string> versions = {
      "1.0",  "1.1",  "1.2",  "1.3",  "1.4",  "2.0",  "2.1",      "2.2",
      "2.3",  "2.4",  "2.5",  "2.6",  "2.7",  "2.8",  "2.9",      "2.10",
      "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "Unstable", "Preview"};
  return versions;
}

bool IsKnownIntercomVersion(const std::string& version) {
  const std::vector<std::string>& known = KnownIntercomVersions();
  return std::find(known.begin(), known.end(), version) != known.end();
}

std::optional<Answer> CheckHeaders(const std::string& accept, const std::string& intercom_version,
                                   bool has_intercom_version, const std::string& content_type,
                                   bool needs_json_body) {
  if (!AcceptsJson(accept)) {
    return ErrorAnswer(406, {{"media_type_not_acceptable",
                              "The API answers in application/json, which the Accept "
                              "header '" +
                                  accept + "' does not admit",
                              ""}});
  }
  if (has_intercom_version && !IsKnownIntercomVersion(intercom_version)) {
    return ErrorAnswer(400, {{"intercom_version_invalid",
                              "Intercom-Version '" + intercom_version +
                                  "' is not a known API version; known: " + JoinedVersions(),
                              ""}});
  }
  if (needs_json_body && !IsJsonContentType(content_type)) {
    const std::string found =
        content_type.empty() ? "no Content-Type" : "Content-Type '" + content_type + "'";
    return ErrorAnswer(415, {{"unsupported_media_type",
                              "The request body must be application/json; got " + found, ""}});
  }
  return std::nullopt;
}

std::vector<ApiError> ParseConversationRequest(const std::string& text,
                                               ConversationRequest* request) {
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    return {{"parameter_invalid", "The request body is not valid JSON", ""}};
  }
  if (!document.is_object()) {
    return {{"parameter_invalid", "The request body must be a JSON object", ""}};
  }
  ConversationRequest parsed;
  std::vector<ApiError> errors;
  CheckFrom(document, &parsed, &errors);
  CheckBody(document, &parsed, &errors);
  CheckOptionalFields(document, &parsed, &errors);
  if (errors.empty()) *request = std::move(parsed);
  return errors;
}

}  // namespace wf::sandbox

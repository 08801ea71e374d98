// The checks Intercom makes before it creates a conversation: the headers a
// request carries and the fields of its JSON body (create_conversation_request in
// the 2.12 description). Pure functions: no server state.
#ifndef WF_SANDBOX_VALIDATE_REQUEST_H_
#define WF_SANDBOX_VALIDATE_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/errors.h"

namespace wf::sandbox {

// The token of an "Authorization: Bearer TOKEN" header (scheme matched without
// regard to case), or nullopt when the header is absent or of another form.
std::optional<std::string> BearerToken(const std::string& authorization);

// True when an Accept header admits a JSON answer: absent or empty, or listing
// */*, application/*, or application/json with a q above 0.
bool AcceptsJson(const std::string& accept);

// True when a Content-Type header names application/json (parameters such as
// charset are ignored; case does not matter).
bool IsJsonContentType(const std::string& content_type);

// Intercom-Version values the sandbox accepts: 1.0-1.4, 2.0-2.16, Unstable and
// Preview (the 2.12 enum, plus the versions published since).
const std::vector<std::string>& KnownIntercomVersions();
bool IsKnownIntercomVersion(const std::string& version);

// The header checks of every Intercom route, in the order they apply: Accept
// (406 media_type_not_acceptable), Intercom-Version (400
// intercom_version_invalid), and when `needs_json_body` Content-Type (415
// unsupported_media_type). nullopt when all pass.
std::optional<Answer> CheckHeaders(const std::string& accept, const std::string& intercom_version,
                                   bool has_intercom_version, const std::string& content_type,
                                   bool needs_json_body);

// A create-conversation request that passed validation.
struct ConversationRequest {
  std::string from_type;  // lead | user | contact
  std::string from_id;
  std::string body;
  std::optional<std::string> subject;
  std::vector<std::string> attachment_urls;
  std::optional<int64_t> created_at;  // UTC Unix seconds
  std::string message_type = "inapp";
};

// Parses and checks a create-conversation body. Returns the errors found (all
// of them, in field order: from, from.type, from.id, body, message_type,
// subject, created_at, attachment_urls); when there are none, fills `request`.
// Missing required fields give parameter_not_found, wrong ones
// parameter_invalid; each entry names its field. A null optional field counts
// as absent.
std::vector<ApiError> ParseConversationRequest(const std::string& text,
                                               ConversationRequest* request);

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_VALIDATE_REQUEST_H_

// Validation of the task's inputs: checks every field against fields.h, applies
// the literal defaults, and reports every problem at once (see report.h for the
// message patterns). Pure functions; safe to call from several threads.
#ifndef WF_PLUGIN_INTERCOM_VALIDATE_H_
#define WF_PLUGIN_INTERCOM_VALIDATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fields.h"
#include "report.h"

namespace wf::intercom {

// The inputs once they passed validation, defaults applied.
struct ConversationInputs {
  std::string from_type;
  std::string from_id;
  std::string body;
  std::optional<std::string> message_type;
  std::optional<std::string> subject;
  std::optional<std::int64_t> created_at;
  std::optional<std::vector<std::string>> attachment_urls;
  std::string intercom_version = kDefaultVersion;
  // The origin (and optional path prefix) to send to, without a trailing slash.
  std::string base_url;
  std::string access_token;
};

// Checks `inputs` (the templated values of the step's `with:`). Fills `*out`
// and records every error and warning in `*report`; `*out` is complete only
// when report->ok(). A field that is null counts as not given.
void ValidateInputs(const Json& inputs, ConversationInputs* out, FieldReport* report);

// The parts of ValidateInputs, by group of fields: `inputs` must be an object.
void ValidateMessageFields(const Json& inputs, ConversationInputs* out, FieldReport* report);
void ValidateConnectionFields(const Json& inputs, ConversationInputs* out, FieldReport* report);

// The value of `name` in `inputs`, or nullptr when absent or null.
const Json* GivenField(const Json& inputs, std::string_view name);

// The first thing in `text` that looks like an HTML tag ("<p>", "</b>",
// "<br/>", "<a href=...>"), or "" when there is none.
std::string FindHtmlTag(std::string_view text);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_VALIDATE_H_

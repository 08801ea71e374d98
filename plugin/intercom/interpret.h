// interpret(): turns Intercom's answer to POST /conversations into the task's
// outputs, or into an error that says what happened in the user's terms and
// whether, and when, sending again can help. Pure functions.
//
// Success: outputs {"message_id", "conversation_id", "created_at",
//   "message_type", "type", "body"} (a member Intercom left out is null).
// Failure: error {"kind", "message", "status", "codes", "messages", "fields",
//   "request_id", "retry", "retry_at", "retry_after"} where
//   kind  is unauthorized | forbidden | not_found | invalid | rate_limited |
//         unavailable | unknown_outcome | bad_response | http_error;
//   retry is never | after_reset | backoff | unknown_outcome.
// The raw `response` output ({"status", "headers", "body"}) is not echoed back:
// the host adds it to outputs and error from what it received (see plugin.h).
#ifndef WF_PLUGIN_INTERCOM_INTERPRET_H_
#define WF_PLUGIN_INTERCOM_INTERPRET_H_

#include <string>

#include "wf/plugin.hpp"

namespace wf::intercom {

using Json = nlohmann::json;

// The error kind of a non-2xx status (see above); "http_error" for the rest.
std::string ErrorKind(int status);

// The whole of interpret(). The request (its body's from.type and from.id,
// its url) is read only for the message of a failure.
wf::plugin::Interpreted InterpretConversation(const wf::plugin::Exchange& exchange);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_INTERPRET_H_

// prepare(): turns validated inputs into the HTTP request the host sends.
#ifndef WF_PLUGIN_INTERCOM_PREPARE_H_
#define WF_PLUGIN_INTERCOM_PREPARE_H_

#include <string>

#include "validate.h"
#include "wf/plugin.hpp"

namespace wf::intercom {

// The JSON text of the body of POST /conversations; optional fields appear
// only when given. Written directly, without a Json tree: it runs once a step.
std::string RequestBodyText(const ConversationInputs& inputs);

// POST <base>/conversations with the Authorization (the token), Accept,
// Content-Type and Intercom-Version headers and RequestBodyText as its body.
wf::plugin::Request BuildRequest(const ConversationInputs& inputs);

// The whole of prepare(): the request when the inputs are valid, else every
// error; either with the warnings there are.
wf::plugin::Prepared PrepareConversation(const Json& inputs);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_PREPARE_H_

// prepare(): turns validated inputs into the HTTP request the host sends.
#ifndef WF_PLUGIN_INTERCOM_PREPARE_H_
#define WF_PLUGIN_INTERCOM_PREPARE_H_

#include "validate.h"

namespace wf::intercom {

// The JSON body of POST /conversations; optional fields appear only when given.
Json BuildRequestBody(const ConversationInputs& inputs);

// {"method": "POST", "url": "<base>/conversations", "headers": {name: value},
//  "body": <BuildRequestBody>}. The Authorization header holds the token.
Json BuildRequest(const ConversationInputs& inputs);

// The whole of prepare(): {"request": ...} when the inputs are valid, else
// {"errors": [...]}; either with "warnings" when there are any.
Json PrepareRequest(const Json& inputs);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_PREPARE_H_

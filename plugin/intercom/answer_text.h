// The answers of prepare() and interpret() written straight as JSON text, for
// the per-step path: no Json tree is built for the request, the response or
// the outputs. They write exactly what json_text::Write of PrepareRequest and
// InterpretResponse write (tests/plugin/answer_text_test.cc holds them to it),
// and hand every case off the common path to those reference functions.
#ifndef WF_PLUGIN_INTERCOM_ANSWER_TEXT_H_
#define WF_PLUGIN_INTERCOM_ANSWER_TEXT_H_

#include <string>

#include "validate.h"
#include "wf/plugin.hpp"

namespace wf::intercom {

// json_text::Write(PrepareRequest(inputs)).
std::string PrepareAnswerText(const Json& inputs);

// json_text::Write(InterpretResponse(request, <response_json parsed>)); throws
// as ParseInput does when response_json is not JSON.
std::string InterpretAnswerText(const wf::plugin::LazyJson& request, const char* response_json);

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_ANSWER_TEXT_H_

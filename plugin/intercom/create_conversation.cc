#include "create_conversation.h"

#include "answer_text.h"
#include "describe.h"
#include "fields.h"
#include "interpret.h"
#include "prepare.h"

namespace wf::intercom {

const char* CreateConversation::Id() const { return kTaskId; }

const char* CreateConversation::Title() const { return kTaskTitle; }

wf::plugin::Json CreateConversation::Describe() const { return DescribeTask(); }

wf::plugin::Json CreateConversation::Prepare(const wf::plugin::Json& inputs) const {
  return PrepareRequest(inputs);
}

wf::plugin::Json CreateConversation::Interpret(const wf::plugin::Json& request,
                                               const wf::plugin::Json& response) const {
  return InterpretResponse(request, response);
}

std::string CreateConversation::PrepareAnswer(const wf::plugin::Json& inputs) const {
  return PrepareAnswerText(inputs);
}

std::string CreateConversation::InterpretAnswer(const wf::plugin::LazyJson& request,
                                                const char* response_json) const {
  return InterpretAnswerText(request, response_json);
}

wf::plugin::Json CreateConversation::InterpretLazily(const wf::plugin::LazyJson& request,
                                                     const wf::plugin::Json& response) const {
  return InterpretResponse(request, response);
}

}  // namespace wf::intercom

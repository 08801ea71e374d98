// The task "Intercom: Create Conversation" as a wf::plugin::Task. It holds no
// state, so one constant instance serves every thread.
#ifndef WF_PLUGIN_INTERCOM_CREATE_CONVERSATION_H_
#define WF_PLUGIN_INTERCOM_CREATE_CONVERSATION_H_

#include "wf/plugin.hpp"

namespace wf::intercom {

class CreateConversation final : public wf::plugin::Task {
 public:
  const char* Id() const override;
  const char* Title() const override;
  // See describe.h.
  wf::plugin::Json Describe() const override;
  // See prepare.h (PrepareRequest).
  wf::plugin::Json Prepare(const wf::plugin::Json& inputs) const override;
  // See interpret.h (InterpretResponse).
  wf::plugin::Json Interpret(const wf::plugin::Json& request,
                             const wf::plugin::Json& response) const override;
  // The same, parsing the request only when a failure's message needs it.
  wf::plugin::Json InterpretLazily(const wf::plugin::LazyJson& request,
                                   const wf::plugin::Json& response) const override;
  // The same answers written straight as text (see answer_text.h).
  std::string PrepareAnswer(const wf::plugin::Json& inputs) const override;
  std::string InterpretAnswer(const wf::plugin::LazyJson& request, const char* response_json) const override;
};

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_CREATE_CONVERSATION_H_

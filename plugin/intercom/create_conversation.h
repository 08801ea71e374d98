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
  // See prepare.h (PrepareConversation).
  wf::plugin::Prepared Prepare(const wf::plugin::Json& inputs) const override;
  // See interpret.h (InterpretConversation).
  wf::plugin::Interpreted Interpret(const wf::plugin::Exchange& exchange) const override;
};

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_CREATE_CONVERSATION_H_

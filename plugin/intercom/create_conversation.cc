#include "create_conversation.h"

#include "describe.h"
#include "fields.h"
#include "interpret.h"
#include "prepare.h"

namespace wf::intercom {

const char* CreateConversation::Id() const { return kTaskId; }

const char* CreateConversation::Title() const { return kTaskTitle; }

wf::plugin::Json CreateConversation::Describe() const { return DescribeTask(); }

wf::plugin::Prepared CreateConversation::Prepare(const wf::plugin::Json& inputs) const {
  return PrepareConversation(inputs);
}

wf::plugin::Interpreted CreateConversation::Interpret(const wf::plugin::Exchange& exchange) const {
  return InterpretConversation(exchange);
}

}  // namespace wf::intercom

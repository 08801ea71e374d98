// The Intercom plugin's only exported symbol, wf_plugin_entry (see exports.map).
#include "create_conversation.h"

namespace {
const wf::intercom::CreateConversation kCreateConversation;
}  // namespace

WF_DEFINE_PLUGIN("intercom", "0.1.0", &kCreateConversation)

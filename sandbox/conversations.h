// The conversations the sandbox creates, and the JSON shapes it shows them in:
// the Message answer of POST /conversations, the Conversation answer of
// GET /conversations/{id}, and the record listed by /__sandbox/conversations.
#ifndef WF_SANDBOX_CONVERSATIONS_H_
#define WF_SANDBOX_CONVERSATIONS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/sandbox.h"

namespace wf::sandbox {

struct Conversation {
  std::string id;          // numeric string
  std::string message_id;  // numeric string: the first message's id
  Contact contact;         // who it is from
  std::string from_type;   // as the request gave it: lead | user | contact
  std::string from_id;     // as the request gave it: id or external_id
  std::string body;
  std::optional<std::string> subject;
  std::vector<std::string> attachment_urls;
  int64_t created_at = 0;  // given, or the time it was created
  std::string message_type;
};

// {"type":"user_message","id","created_at","body","message_type",
//  "conversation_id"} plus "subject" for an email with a subject.
nlohmann::json MessageJson(const Conversation& conversation);

// A trimmed Conversation model: type, id, timestamps, state, source (the first
// message with its author and attachments), contacts, and no parts.
nlohmann::json ConversationJson(const Conversation& conversation);

// Everything stored: id, message_id, contact, from, body, subject,
// attachment_urls, created_at, message_type.
nlohmann::json StoredConversationJson(const Conversation& conversation);

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_CONVERSATIONS_H_

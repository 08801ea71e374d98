#include "sandbox/conversations.h"

#include "sandbox/contacts.h"

namespace wf::sandbox {

nlohmann::json MessageJson(const Conversation& conversation) {
  nlohmann::json message = {{"type", "user_message"},
                            {"id", conversation.message_id},
                            {"created_at", conversation.created_at},
                            {"body", conversation.body},
                            {"message_type", conversation.message_type},
                            {"conversation_id", conversation.id}};
  // The Message model carries a subject only for email messages.
  if (conversation.message_type == "email" && conversation.subject) {
    message["subject"] = *conversation.subject;
  }
  return message;
}

nlohmann::json ConversationJson(const Conversation& conversation) {
  nlohmann::json attachments = nlohmann::json::array();
  for (const std::string& url : conversation.attachment_urls) {
    attachments.push_back({{"type", "upload"}, {"url", url}});
  }
  const Contact& contact = conversation.contact;
  nlohmann::json author = {{"type", contact.type}, {"id", contact.id}};
  author["name"] = contact.name.empty() ? nlohmann::json() : nlohmann::json(contact.name);
  author["email"] = contact.email;
  nlohmann::json listed_contact = {{"type", "contact"}, {"id", contact.id}};
  if (!contact.external_id.empty()) listed_contact["external_id"] = contact.external_id;
  return {
      {"type", "conversation"},
      {"id", conversation.id},
      {"created_at", conversation.created_at},
      {"updated_at", conversation.created_at},
      {"waiting_since", conversation.created_at},
      {"snoozed_until", nullptr},
      {"open", true},
      {"state", "open"},
      {"read", false},
      {"priority", "not_priority"},
      {"admin_assignee_id", nullptr},
      {"team_assignee_id", nullptr},
      {"source",
       {{"type", "conversation"},
        {"id", conversation.message_id},
        {"delivered_as", "customer_initiated"},
        {"subject", conversation.subject.value_or("")},
        {"body", conversation.body},
        {"author", author},
        {"attachments", attachments},
        {"url", nullptr},
        {"redacted", false}}},
      {"contacts", {{"type", "contact.list"}, {"contacts", {listed_contact}}}},
      {"conversation_parts",
       {{"type", "conversation_part.list"},
        {"conversation_parts", nlohmann::json::array()},
        {"total_count", 0}}},
  };
}

nlohmann::json StoredConversationJson(const Conversation& conversation) {
  return {
      {"id", conversation.id},
      {"message_id", conversation.message_id},
      {"contact", ContactJson(conversation.contact)},
      {"from", {{"type", conversation.from_type}, {"id", conversation.from_id}}},
      {"body", conversation.body},
      {"subject", conversation.subject ? nlohmann::json(*conversation.subject) : nlohmann::json()},
      {"attachment_urls", conversation.attachment_urls},
      {"created_at", conversation.created_at},
      {"message_type", conversation.message_type}};
}

}  // namespace wf::sandbox

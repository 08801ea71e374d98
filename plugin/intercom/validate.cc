#include "validate.h"

#include <algorithm>

#include "ascii.h"
#include "url.h"

namespace wf::intercom {
namespace {

const std::string kFromAllowed = "an object with type and id";
const std::string kFromIdAllowed = "a non-empty string without control characters";
const std::string kBodyAllowed =
    "a non-empty string of at most " + std::to_string(kMaxBodyChars) + " characters";
const std::string kSubjectAllowed = "a string";
const std::string kCreatedAtTypeAllowed = "an integer (UTC Unix seconds)";
const std::string kCreatedAtRangeAllowed =
    "0 to " + std::to_string(kMaxCreatedAt) +
    " (UTC Unix seconds up to the year 2100, not milliseconds)";

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

bool HasControl(std::string_view text) {
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

void ValidateFrom(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* from = GivenField(inputs, "from");
  if (from == nullptr) return report->Missing("from", kFromAllowed);
  if (!from->is_object()) return report->Reject("from", ShowValue(*from), kFromAllowed);

  const Json* type = GivenField(*from, "type");
  if (type == nullptr) {
    report->Missing("from.type", JoinNames(kFromTypes));
  } else if (!type->is_string() || !IsOneOf(type->get_ref<const std::string&>(), kFromTypes)) {
    report->Reject("from.type", ShowValue(*type), JoinNames(kFromTypes));
  } else {
    out->from_type = type->get<std::string>();
  }

  const Json* id = GivenField(*from, "id");
  if (id == nullptr) {
    report->Missing("from.id", kFromIdAllowed);
  } else if (!id->is_string() || IsBlank(id->get_ref<const std::string&>()) ||
             HasControl(id->get_ref<const std::string&>())) {
    report->Reject("from.id", ShowValue(*id), kFromIdAllowed);
  } else {
    out->from_id = id->get<std::string>();
  }

  for (const auto& [key, value] : from->get_ref<const Json::object_t&>()) {
    std::string path = "from." + key;
    if (!IsOneOf(path, kFromNames)) report->Unknown(path, JoinNames(kFromNames));
  }
}

void ValidateBody(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* body = GivenField(inputs, "body");
  if (body == nullptr) return report->Missing("body", kBodyAllowed);
  if (!body->is_string() || IsBlank(body->get_ref<const std::string&>())) {
    return report->Reject("body", ShowValue(*body), kBodyAllowed);
  }
  const std::string& text = body->get_ref<const std::string&>();
  std::size_t chars = CountChars(text);
  if (chars > kMaxBodyChars) {
    return report->Reject("body", std::to_string(chars) + " characters long", kBodyAllowed);
  }
  out->body = text;
  std::string tag = FindHtmlTag(text);
  if (!tag.empty()) {
    report->Warn("body", "body contains HTML tags such as " + ShowValue(tag) +
                             "; Intercom shows the body as plain text, so the tags will "
                             "appear literally");
  }
}

void ValidateMessageType(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* type = GivenField(inputs, "message_type");
  if (type == nullptr) return;
  if (!type->is_string() || !IsOneOf(type->get_ref<const std::string&>(), kMessageTypes)) {
    return report->Reject("message_type", ShowValue(*type), JoinNames(kMessageTypes));
  }
  out->message_type = type->get<std::string>();
}

void ValidateSubject(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* subject = GivenField(inputs, "subject");
  if (subject == nullptr) return;
  if (!subject->is_string()) return report->Reject("subject", ShowValue(*subject), kSubjectAllowed);
  out->subject = subject->get<std::string>();
  const Json* type = GivenField(inputs, "message_type");
  if (type != nullptr && (*type == "email" || out->message_type == std::nullopt)) return;
  std::string actual = type == nullptr ? "not set" : ShowValue(*type);
  report->Warn("subject", "subject only applies to email messages, but message_type is " +
                              actual + "; Intercom may ignore it");
}

// Accepts a JSON integer or a string of decimal digits; anything else (decimals,
// booleans, other text) is a type error, and values outside 0..kMaxCreatedAt are
// range errors.
void ValidateCreatedAt(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* created_at = GivenField(inputs, "created_at");
  if (created_at == nullptr) return;
  bool in_range = false;
  std::int64_t seconds = 0;
  if (created_at->is_number_unsigned()) {
    auto value = created_at->get<std::uint64_t>();
    in_range = value <= static_cast<std::uint64_t>(kMaxCreatedAt);
    seconds = static_cast<std::int64_t>(in_range ? value : 0);
  } else if (created_at->is_number_integer()) {
    seconds = created_at->get<std::int64_t>();
    in_range = seconds >= 0 && seconds <= kMaxCreatedAt;
  } else if (created_at->is_string()) {
    const std::string& text = created_at->get_ref<const std::string&>();
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return report->Reject("created_at", ShowValue(*created_at), kCreatedAtTypeAllowed);
    }
    digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size()));
    in_range = text.front() != '-' && digits.size() <= 10;
    if (in_range) {
      for (char c : digits) seconds = seconds * 10 + (c - '0');
      in_range = seconds <= kMaxCreatedAt;
    }
  } else {
    return report->Reject("created_at", ShowValue(*created_at), kCreatedAtTypeAllowed);
  }
  if (!in_range) return report->Reject("created_at", ShowValue(*created_at), kCreatedAtRangeAllowed);
  out->created_at = seconds;
}

void ValidateAttachments(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  const Json* urls = GivenField(inputs, "attachment_urls");
  if (urls == nullptr) return;
  std::string max = std::to_string(kMaxAttachments);
  if (!urls->is_array()) {
    return report->Reject("attachment_urls", ShowValue(*urls),
                          "a list of at most " + max + " absolute http or https URLs");
  }
  if (urls->size() > kMaxAttachments) {
    report->RejectCount("attachment_urls", urls->size(), "at most " + max);
  }
  std::vector<std::string> accepted;
  for (std::size_t i = 0; i < urls->size(); ++i) {
    const Json& url = (*urls)[i];
    HttpUrl parsed;
    if (!url.is_string() || !ParseHttpUrl(url.get_ref<const std::string&>(), &parsed)) {
      report->Reject("attachment_urls[" + std::to_string(i) + "]", ShowValue(url),
                     "an absolute http or https URL");
    } else {
      accepted.push_back(url.get<std::string>());
    }
  }
  out->attachment_urls = std::move(accepted);
}

}  // namespace

const Json* GivenField(const Json& inputs, std::string_view name) {
  auto it = inputs.find(name);
  if (it == inputs.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string FindHtmlTag(std::string_view text) {
  for (std::size_t start = text.find('<'); start != std::string_view::npos;
       start = text.find('<', start + 1)) {
    std::size_t name = start + 1;
    if (name < text.size() && text[name] == '/') ++name;
    if (name >= text.size() || !IsAlpha(text[name])) continue;
    std::size_t end = name;
    while (end < text.size() && IsAlnum(text[end])) ++end;
    if (end >= text.size()) break;
    char next = text[end];
    if (next != '>' && next != '/' && !IsSpace(next)) continue;
    std::size_t close = text.find_first_of("<>\n", end);
    if (close == std::string_view::npos) break;
    if (text[close] == '>') return std::string(text.substr(start, close - start + 1));
  }
  return "";
}

void ValidateMessageFields(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  ValidateFrom(inputs, out, report);
  ValidateBody(inputs, out, report);
  ValidateMessageType(inputs, out, report);
  ValidateSubject(inputs, out, report);
  ValidateCreatedAt(inputs, out, report);
  ValidateAttachments(inputs, out, report);
}

void ValidateInputs(const Json& inputs, ConversationInputs* out, FieldReport* report) {
  if (!inputs.is_object()) {
    return report->Reject("inputs", ShowValue(inputs), "an object with the task's fields");
  }
  ValidateMessageFields(inputs, out, report);
  ValidateConnectionFields(inputs, out, report);
  for (const auto& [key, value] : inputs.get_ref<const Json::object_t&>()) {
    if (!IsOneOf(key, kInputNames)) report->Unknown(key, JoinNames(kInputNames));
  }
}

}  // namespace wf::intercom

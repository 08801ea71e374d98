#include "sandbox/contacts.h"

#include <fstream>
#include <set>
#include <sstream>

namespace wf::sandbox {

const std::vector<Contact>& DefaultContacts() {
  static const std::vector<Contact> contacts = {
      {"6762f0a21bb69f9f2193bb01", "user", "user-1", "ada@example.com", "Ada Lovelace"},
      {"6762f0a21bb69f9f2193bb02", "user", "user-2", "grace@example.com", "Grace Hopper"},
      {"6762f0a21bb69f9f2193bb11", "lead", "", "katherine@example.com", "Katherine Johnson"},
      {"6762f0a21bb69f9f2193bb12", "lead", "", "alan@example.com", "Alan Turing"},
  };
  return contacts;
}

namespace {

// Reads an optional string member; false (with `problem` set) when present but
// not a string.
bool OptionalString(const nlohmann::json& entry, const char* key, std::string* out,
                    std::string* problem) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *problem = std::string(key) + " must be a string";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

// Checks one array element; returns an empty string when it is a valid contact.
std::string ParseContact(const nlohmann::json& entry, Contact* contact) {
  if (!entry.is_object()) return "must be an object";
  auto id = entry.find("id");
  if (id == entry.end()) return ".id is missing";
  if (!id->is_string() || id->get<std::string>().empty()) {
    return ".id must be a non-empty string";
  }
  contact->id = id->get<std::string>();
  auto type = entry.find("type");
  if (type == entry.end()) return ".type is missing";
  if (!type->is_string() || (*type != "user" && *type != "lead")) {
    return ".type is " + type->dump() + "; allowed: user, lead";
  }
  contact->type = type->get<std::string>();
  std::string problem;
  if (!OptionalString(entry, "external_id", &contact->external_id, &problem) ||
      !OptionalString(entry, "email", &contact->email, &problem) ||
      !OptionalString(entry, "name", &contact->name, &problem)) {
    return "." + problem;
  }
  return "";
}

}  // namespace

bool LoadContactsFile(const std::string& path, std::vector<Contact>* contacts, std::string* error) {
  const std::string where = "contacts file '" + path + "': ";
  std::ifstream file(path);
  if (!file) {
    *error = where + "cannot be opened";
    return false;
  }
  std::stringstream text;
  text << file.rdbuf();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() starts with "[json.exception.parse_error.N] "; keep what follows.
    std::string detail = e.what();
    const size_t end_of_tag = detail.find("] ");
    if (end_of_tag != std::string::npos) detail.erase(0, end_of_tag + 2);
    *error = where + "is not valid JSON: " + detail;
    return false;
  }
  if (!document.is_array()) {
    *error = where + "must hold a JSON array of contacts";
    return false;
  }
  std::vector<Contact> loaded;
  std::set<std::string> ids;
  for (size_t i = 0; i < document.size(); ++i) {
    Contact contact;
    const std::string problem = ParseContact(document[i], &contact);
    const std::string index = "[" + std::to_string(i) + "]";
    if (!problem.empty()) {
      *error = where + index + (problem[0] == '.' ? "" : " ") + problem;
      return false;
    }
    if (!ids.insert(contact.id).second) {
      *error = where + index + ".id '" + contact.id + "' appears twice";
      return false;
    }
    loaded.push_back(std::move(contact));
  }
  *contacts = std::move(loaded);
  return true;
}

const Contact* FindContact(const std::vector<Contact>& contacts, const std::string& from_type,
                           const std::string& from_id) {
  for (const Contact& contact : contacts) {
    const bool type_matches = from_type == "contact" || from_type == contact.type;
    const bool id_matches =
        from_id == contact.id || (!contact.external_id.empty() && from_id == contact.external_id);
    if (type_matches && id_matches) return &contact;
  }
  return nullptr;
}

nlohmann::json ContactJson(const Contact& contact) {
  nlohmann::json json = {{"type", contact.type}, {"id", contact.id}};
  if (!contact.external_id.empty()) json["external_id"] = contact.external_id;
  if (!contact.email.empty()) json["email"] = contact.email;
  if (!contact.name.empty()) json["name"] = contact.name;
  return json;
}

}  // namespace wf::sandbox

// The contacts a `from` may name: the built-in defaults or a JSON file, and the
// lookup Intercom does when a conversation is created.
#ifndef WF_SANDBOX_CONTACTS_H_
#define WF_SANDBOX_CONTACTS_H_

#include <string>
#include <vector>

#include "sandbox/sandbox.h"

namespace wf::sandbox {

// Reads a JSON array of contacts from `path`. On success fills `contacts` and
// returns true; on failure returns false and sets `error` to a message that
// starts with "contacts file 'PATH': " and says what is wrong and where (an
// index such as [2].type).
bool LoadContactsFile(const std::string& path, std::vector<Contact>* contacts, std::string* error);

// The contact that `from` names, or nullptr. `from_type` "user" matches users,
// "lead" matches leads, "contact" either; `from_id` is compared with the id and
// with the external_id. The pointer stays valid as long as `contacts` does.
const Contact* FindContact(const std::vector<Contact>& contacts, const std::string& from_type,
                           const std::string& from_id);

// {"type":"user","id":...,"external_id"?,"email"?,"name"?}
nlohmann::json ContactJson(const Contact& contact);

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_CONTACTS_H_

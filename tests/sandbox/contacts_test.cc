// The contacts `from` may name: defaults, contacts files, and how they match.
#include "sandbox/contacts.h"

#include <filesystem>
#include <fstream>

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

using nlohmann::json;

// Writes `text` to a fresh file in the temporary folder and returns its path.
std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("wf_sandbox_test_" + std::to_string(getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST_CASE("The default contacts are two users and two leads with Intercom-style ids",
          "[sandbox][contacts]") {
  const std::vector<Contact>& contacts = DefaultContacts();
  int users = 0;
  int leads = 0;
  for (const Contact& contact : contacts) {
    INFO(contact.id);
    CHECK(contact.id.size() == 24);
    CHECK(contact.id.find_first_not_of("0123456789abcdef") == std::string::npos);
    users += contact.type == "user";
    leads += contact.type == "lead";
  }
  CHECK(users >= 2);
  CHECK(leads >= 2);
  REQUIRE(contacts.size() >= 4);
  CHECK(contacts[0].id == "6762f0a21bb69f9f2193bb01");
  CHECK(contacts[0].external_id == "user-1");
  CHECK(contacts[0].email == "ada@example.com");
  CHECK(FindContact(contacts, "user", "6762f0a21bb69f9f2193bb02") != nullptr);
  CHECK(FindContact(contacts, "lead", "6762f0a21bb69f9f2193bb11") != nullptr);
  CHECK(FindContact(contacts, "lead", "6762f0a21bb69f9f2193bb12") != nullptr);
}

TEST_CASE("from matches a contact by id or external_id, and by type", "[sandbox][contacts]") {
  const std::vector<Contact>& contacts = DefaultContacts();
  SECTION("user matches users only") {
    CHECK(FindContact(contacts, "user", kAdaId)->id == kAdaId);
    CHECK(FindContact(contacts, "user", kLeadId) == nullptr);
  }
  SECTION("lead matches leads only") {
    CHECK(FindContact(contacts, "lead", kLeadId)->id == kLeadId);
    CHECK(FindContact(contacts, "lead", kAdaId) == nullptr);
  }
  SECTION("contact matches either") {
    CHECK(FindContact(contacts, "contact", kAdaId)->id == kAdaId);
    CHECK(FindContact(contacts, "contact", kLeadId)->id == kLeadId);
  }
  SECTION("an external_id names its contact") {
    CHECK(FindContact(contacts, "user", "user-2")->id == kGraceId);
    CHECK(FindContact(contacts, "contact", "user-1")->id == kAdaId);
  }
  SECTION("an unknown id names no one") {
    CHECK(FindContact(contacts, "contact", "123_doesnt_exist") == nullptr);
    CHECK(FindContact(contacts, "contact", "") == nullptr);
  }
}

TEST_CASE("A contacts file replaces the defaults", "[sandbox][contacts]") {
  const std::string path = WriteTempFile("contacts.json", R"([
    {"id": "aaaaaaaaaaaaaaaaaaaaaaaa", "type": "user", "external_id": "crm-7", "name": "Mo"},
    {"id": "bbbbbbbbbbbbbbbbbbbbbbbb", "type": "lead", "email": "lee@example.com"}
  ])");
  Options options;
  options.contacts_file = path;
  RunningSandbox sandbox(options);

  CHECK(
      sandbox.CreateJson({{"from", {{"type", "user"}, {"id", "crm-7"}}}, {"body", "Hi"}})->status ==
      200);
  CHECK(sandbox
            .CreateJson(
                {{"from", {{"type", "lead"}, {"id", "bbbbbbbbbbbbbbbbbbbbbbbb"}}}, {"body", "Hi"}})
            ->status == 200);
  httplib::Result default_contact = sandbox.Create(kValidBody);
  REQUIRE(default_contact);
  CHECK(default_contact->status == 404);
  CHECK(sandbox.server().Conversations()[0]["contact"]["id"] == "aaaaaaaaaaaaaaaaaaaaaaaa");
  std::filesystem::remove(path);
}

TEST_CASE("A bad contacts file is refused with the file and the problem", "[sandbox][contacts]") {
  std::string text;
  std::string problem;
  SECTION("not JSON") {
    text = "[{\"id\": ]";
    problem =
        "is not valid JSON: parse error at line 1, column 9: syntax error while parsing "
        "value - unexpected ']'; expected '[', '{', or a literal";
  }
  SECTION("not an array") {
    text = R"({"id": "x"})";
    problem = "must hold a JSON array of contacts";
  }
  SECTION("an entry that is not an object") {
    text = R"(["x"])";
    problem = "[0] must be an object";
  }
  SECTION("a missing id") {
    text = R"([{"type": "user"}])";
    problem = "[0].id is missing";
  }
  SECTION("a type that is neither user nor lead") {
    text = R"([{"id": "a", "type": "user"}, {"id": "b", "type": "admin"}])";
    problem = "[1].type is \"admin\"; allowed: user, lead";
  }
  SECTION("an email that is not a string") {
    text = R"([{"id": "a", "type": "user", "email": 5}])";
    problem = "[0].email must be a string";
  }
  SECTION("an id given twice") {
    text = R"([{"id": "a", "type": "user"}, {"id": "a", "type": "lead"}])";
    problem = "[1].id 'a' appears twice";
  }
  const std::string path = WriteTempFile("bad.json", text);
  std::vector<Contact> contacts;
  std::string error;
  CHECK_FALSE(LoadContactsFile(path, &contacts, &error));
  CHECK(error == "contacts file '" + path + "': " + problem);

  Options options;
  options.contacts_file = path;
  Server server(options);
  std::string start_error;
  CHECK_FALSE(server.Start(&start_error));
  CHECK(start_error == error);
  std::filesystem::remove(path);
}

TEST_CASE("A contacts file that cannot be read is refused", "[sandbox][contacts]") {
  std::vector<Contact> contacts;
  std::string error;
  CHECK_FALSE(LoadContactsFile("/nonexistent/contacts.json", &contacts, &error));
  CHECK(error == "contacts file '/nonexistent/contacts.json': cannot be opened");
}

}  // namespace
}  // namespace wf::sandbox::testing

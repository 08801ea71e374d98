// Bad input, tried for real: every case of tests/faults/bad_input/ (see its
// README.md) and the ones too large to keep there, run with `wf` against a
// `wf sandbox` process. Each exits 2 with the exact message expected, prints
// nothing on stdout, does not crash and sends nothing. Values that look like
// templates in inputs are sent as the text they are.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "faults/faults_support.h"

namespace wf {
namespace {

const std::string kCorpus = test::kFaultsDir + "/bad_input";

struct Command {
  std::vector<std::string> args;
  std::string expected_err;
};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The commands of an `expected` file, with {sandbox} replaced by `url`.
std::vector<Command> ReadExpected(const std::string& path, const std::string& url) {
  std::istringstream in(Replace(test::ReadFile(path), "{sandbox}", url));
  std::vector<Command> commands;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("$ ", 0) == 0) {
      Command command;
      std::istringstream words(line.substr(2));
      for (std::string word; words >> word;) command.args.push_back(word);
      commands.push_back(command);
    } else if (!commands.empty()) {
      commands.back().expected_err += line + "\n";
    } else if (!line.empty() && line[0] != '#') {
      FAIL(path << ": a line before the first command: " << line);
    }
  }
  return commands;
}

// Step times vary: "  12.3 ms" reads "  N ms".
std::string WithoutTimes(const std::string& text) {
  static const std::regex kTime("  [0-9]+\\.[0-9] ms");
  return std::regex_replace(text, kTime, "  N ms");
}

test::WfOptions InFolder(const std::string& folder) {
  test::WfOptions options;
  options.cwd = folder;
  options.env = {{"SANDBOX_TOKEN", "sandbox-token"}};
  return options;
}

// Runs `args` in `folder` and checks that it is refused as bad input: exit 2
// (so no signal), nothing on stdout, `expected_err` on stderr, nothing sent.
void ExpectRefused(test::SandboxProcess& sandbox, const std::string& folder,
                   const std::vector<std::string>& args, const std::string& expected_err) {
  test::WfResult result = test::RunWf(args, InFolder(folder));
  INFO("wf " << DumpJson(Json(args)));
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(WithoutTimes(result.err) == expected_err);
  Json requests = sandbox.Requests();
  CHECK(requests.empty());
  if (!requests.empty()) sandbox.Reset();
}

TEST_CASE("Every case of the bad-input corpus exits 2 with its exact message and sends nothing") {
  test::SandboxProcess sandbox;
  std::vector<std::string> cases;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (entry.is_directory()) cases.push_back(entry.path().filename().string());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 20);
  for (const std::string& name : cases) {
    const std::string folder = kCorpus + "/" + name;
    INFO("case " << name);
    std::vector<Command> commands = ReadExpected(folder + "/expected", sandbox.url());
    REQUIRE_FALSE(commands.empty());
    for (const Command& command : commands) ExpectRefused(sandbox, folder, command.args, command.expected_err);
  }
}

const char* kCreate =
    "name: create\n"
    "inputs:\n"
    "  base_url: { type: string, required: true }\n"
    "  body: { type: string, default: \"Hello\" }\n"
    "  urls: { type: array, default: [] }\n"
    "steps:\n"
    "  - id: open\n"
    "    task: intercom.create_conversation\n"
    "    with:\n"
    "      base_url: \"${workflow.input.base_url}\"\n"
    "      access_token: \"${workflow.secrets.SANDBOX_TOKEN}\"\n"
    "      from: { type: user, id: \"6762f0a21bb69f9f2193bb01\" }\n"
    "      body: \"${workflow.input.body}\"\n"
    "      attachment_urls: \"${workflow.input.urls}\"\n"
    "outputs:\n"
    "  conversation_id: \"${open.output.conversation_id}\"\n";

TEST_CASE("Inputs and files too large or too deep to keep are refused the same way") {
  test::SandboxProcess sandbox;
  test::TempDir dir;
  test::WriteFile(dir.File("create.yaml"), kCreate);
  const std::vector<std::string> run = {"run", "create.yaml", "--no-journal", "--input", "base_url=" + sandbox.url()};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = run;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };

  SECTION("a 50 MB scalar in a workflow or an input file: refused unread") {
    const std::string huge(50 * 1024 * 1024, 'x');
    const std::string workflow = "name: huge\nsteps: []\ndescription: " + huge + "\n";
    const std::string size = std::to_string(workflow.size()) + " bytes; allowed: at most 4194304\n";
    test::WriteFile(dir.File("huge.yaml"), workflow);
    ExpectRefused(sandbox, dir.path(), {"validate", "huge.yaml"}, "huge.yaml: " + size);
    ExpectRefused(sandbox, dir.path(), {"run", "huge.yaml", "--no-journal"}, "wf: huge.yaml: " + size);
    test::WriteFile(dir.File("inputs.yaml"), "body: " + huge + "\n");
    ExpectRefused(sandbox, dir.path(), with({"--input-file", "inputs.yaml"}),
                  "wf: inputs.yaml: " + std::to_string(huge.size() + 7) + " bytes; allowed: at most 4194304\n");
  }
  SECTION("a 2 MB scalar: over the limit of one value") {
    test::WriteFile(dir.File("inputs.yaml"), "body: " + std::string(2 * 1024 * 1024, 'x') + "\n");
    ExpectRefused(sandbox, dir.path(), with({"--input-file", "inputs.yaml"}),
                  "wf: inputs.yaml:1:7: a value of 2097152 bytes; allowed: at most 1048576\n");
  }
  SECTION("10,000-deep nesting, in flow and block style, in a workflow and an input file") {
    std::string flow = std::string(10000, '[') + std::string(10000, ']');
    test::WriteFile(dir.File("flow.yaml"), "name: deep\nsteps: " + flow + "\n");
    ExpectRefused(sandbox, dir.path(), {"validate", "flow.yaml"},
                  "flow.yaml:2:72: nesting deeper than 64 levels; refusing it\n");
    std::string block;
    for (int i = 0; i < 10000; ++i) block += "- ";
    test::WriteFile(dir.File("block.yaml"), "name: deep\nsteps:\n" + block + "x\n");
    ExpectRefused(sandbox, dir.path(), {"validate", "block.yaml"},
                  "block.yaml:3:129: nesting deeper than 64 levels; refusing it\n");
    std::string maps;
    for (int i = 0; i < 10000; ++i) maps += "{a: ";
    test::WriteFile(dir.File("maps.yaml"), "name: deep\nsteps: []\ndescription: " + maps + "1" +
                                               std::string(10000, '}') + "\n");
    ExpectRefused(sandbox, dir.path(), {"run", "maps.yaml", "--no-journal"},
                  "wf: maps.yaml:3:270: nesting deeper than 64 levels; refusing it\n");
    test::WriteFile(dir.File("inputs.yaml"), "urls: " + flow + "\n");
    ExpectRefused(sandbox, dir.path(), with({"--input-file", "inputs.yaml"}),
                  "wf: inputs.yaml:1:71: nesting deeper than 64 levels; refusing it\n");
  }
  SECTION("a body over 65,536 characters, and 11 attachments, given as inputs") {
    test::WriteFile(dir.File("inputs.yaml"), "body: \"" + std::string(65537, 'x') + "\"\n");
    const std::string step = "step open  intercom.create_conversation  invalid  N ms\n";
    const std::string body = "body is 65537 characters long; allowed: a non-empty string of at most 65536 characters";
    ExpectRefused(sandbox, dir.path(), with({"--input-file", "inputs.yaml"}),
                  step + "  " + body + "\nwf: step 'open' invalid: " + body + "\n");
    std::string urls = "urls=[";
    for (int i = 1; i <= 11; ++i) urls += (i > 1 ? ", " : "") + std::string("https://example.com/") + std::to_string(i);
    const std::string attachments = "attachment_urls has 11 items; allowed: at most 10";
    ExpectRefused(sandbox, dir.path(), with({"--input", urls + "]"}),
                  step + "  " + attachments + "\nwf: step 'open' invalid: " + attachments + "\n");
  }
  SECTION("invalid UTF-8 in an --input value") {
    ExpectRefused(sandbox, dir.path(), with({"--input", "body=caf\xc3"}),
                  "wf: input 'body':1:4: invalid UTF-8; allowed: UTF-8 text\n");
  }
}

TEST_CASE("A body of exactly 65,536 characters is sent") {
  test::SandboxProcess sandbox;
  test::TempDir dir;
  test::WriteFile(dir.File("create.yaml"), kCreate);
  test::WriteFile(dir.File("inputs.yaml"), "body: \"" + std::string(65536, 'x') + "\"\n");
  test::WfResult result = test::RunWf({"run", "create.yaml", "--no-journal", "--input", "base_url=" + sandbox.url(),
                                       "--input-file", "inputs.yaml"},
                                      InFolder(dir.path()));
  INFO(result.err);
  CHECK(result.exit_code == 0);
  Json conversations = sandbox.Conversations();
  REQUIRE(conversations.size() == 1);
  CHECK(conversations[0]["body"].get<std::string>().size() == 65536);
}

TEST_CASE("A template in an input value is sent as literal text, never evaluated") {
  test::SandboxProcess sandbox;
  test::TempDir dir;
  test::WriteFile(dir.File("chain.yaml"),
                  "name: chain\n"
                  "inputs:\n"
                  "  base_url: { type: string, required: true }\n"
                  "  name: { type: string, required: true }\n"
                  "steps:\n"
                  "  - id: open\n"
                  "    task: intercom.create_conversation\n"
                  "    with:\n"
                  "      base_url: \"${workflow.input.base_url}\"\n"
                  "      access_token: \"${workflow.secrets.SANDBOX_TOKEN}\"\n"
                  "      from: { type: user, id: \"6762f0a21bb69f9f2193bb01\" }\n"
                  "      body: \"Hi ${workflow.input.name}\"\n"
                  "    set: { echoed: \"${open.output.body}\" }\n"
                  "  - id: again\n"
                  "    task: intercom.create_conversation\n"
                  "    with:\n"
                  "      base_url: \"${workflow.input.base_url}\"\n"
                  "      access_token: \"${workflow.secrets.SANDBOX_TOKEN}\"\n"
                  "      from: { type: user, id: \"6762f0a21bb69f9f2193bb01\" }\n"
                  "      body: \"${workflow.variables.echoed}\"\n"
                  "      subject: \"${workflow.input.name}\"\n");
  const std::string injected = "${workflow.secrets.SANDBOX_TOKEN} $${x} ${open.output.conversation_id}";
  SECTION("from --input") {
    test::WfResult result = test::RunWf({"run", "chain.yaml", "--no-journal", "--input", "base_url=" + sandbox.url(),
                                         "--input", "name=" + injected},
                                        InFolder(dir.path()));
    INFO(result.err);
    CHECK(result.exit_code == 0);
  }
  SECTION("from --input-file") {
    test::WriteFile(dir.File("inputs.yaml"), "name: '" + injected + "'\n");
    test::WfResult result = test::RunWf({"run", "chain.yaml", "--no-journal", "--input", "base_url=" + sandbox.url(),
                                         "--input-file", "inputs.yaml"},
                                        InFolder(dir.path()));
    INFO(result.err);
    CHECK(result.exit_code == 0);
  }
  Json conversations = sandbox.Conversations();
  REQUIRE(conversations.size() == 2);
  CHECK(conversations[0]["body"] == "Hi " + injected);
  CHECK(conversations[1]["body"] == "Hi " + injected);  // an answer is data too
  CHECK(sandbox.Requests().dump().find("sandbox-token") == std::string::npos);
}

}  // namespace
}  // namespace wf

// `wf run`: end to end through the built binary — exit codes, --input typing,
// what goes to stdout and stderr, and bad usage.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "base/json.h"
#include "cli/wf_process.h"
#include "engine/engine_test_support.h"
#include "http/loopback_server.h"
#include "sandbox/sandbox.h"

namespace wf {
namespace {

const std::string kWelcome = WF_SOURCE_DIR "/workflows/welcome_new_lead.yaml";

const char* kRunUsage =
    "usage: wf run FILE [--input k=v]... [--input-file F] [--secrets-file F] [--sandbox] [--json]\n"
    "                   [--journal PATH | --no-journal] [--rate-limit N]\n";

// A workflow whose outputs are its inputs, one of each declared type.
std::string TypedWorkflow(const test::TempDir& dir) {
  return test::WriteFile(dir.File("typed.yaml"),
                         "name: typed\n"
                         "inputs:\n"
                         "  s: { type: string, default: \"\" }\n"
                         "  i: { type: integer, default: 0 }\n"
                         "  n: { type: number, default: 0 }\n"
                         "  b: { type: boolean, default: false }\n"
                         "  l: { type: array, default: [] }\n"
                         "  o: { type: object, default: {} }\n"
                         "  a: { type: any }\n"
                         "steps:\n"
                         "  - id: echo\n"
                         "    task: set\n"
                         "    with: { s: \"${workflow.input.s}\", i: \"${workflow.input.i}\", n: \"${workflow.input.n}\",\n"
                         "            b: \"${workflow.input.b}\", l: \"${workflow.input.l}\", o: \"${workflow.input.o}\",\n"
                         "            a: \"${workflow.input.a}\" }\n"
                         "outputs:\n"
                         "  all: \"${echo.output}\"\n");
}

Json JsonOutputs(const test::WfResult& result) {
  INFO(result.out << result.err);
  Json parsed = Json::parse(result.out, nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());
  return parsed;
}

TEST_CASE("wf run --sandbox runs the welcome workflow and prints the conversation id") {
  test::TempDir dir;
  test::WfOptions options;
  options.cwd = dir.path();
  test::WfResult result = test::RunWf({"run", kWelcome, "--sandbox"}, options);
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("conversation_id: ", 0) == 0);
  CHECK(result.out.find("\nmessage_id: ") != std::string::npos);
  CHECK(result.err.find("sandbox: Intercom requests go to the built-in local sandbox at http://127.0.0.1:") !=
        std::string::npos);
  CHECK(result.err.find("step open_conversation  intercom.create_conversation  succeeded  ") !=
        std::string::npos);
  CHECK(result.err.find("step tell_team  http  skipped  ") != std::string::npos);
  CHECK(result.err.find("(journal .wf/runs.db)") != std::string::npos);
  CHECK(std::filesystem::exists(dir.File(".wf/runs.db")));

  SECTION("--json prints the whole result as JSON on stdout") {
    test::WfResult json = test::RunWf({"run", kWelcome, "--sandbox", "--json", "--no-journal"}, options);
    CHECK(json.exit_code == 0);
    Json out = JsonOutputs(json);
    CHECK(out["status"] == "succeeded");
    CHECK(out["workflow"] == "welcome_new_lead");
    CHECK(out["outputs"]["conversation_id"].is_string());
    CHECK(out["steps"][0]["request"]["headers"]["Authorization"] == "Bearer ***");
    CHECK(out["steps"][1]["state"] == "skipped");
  }
}

TEST_CASE("wf run without a token or --sandbox says how to give one, sends nothing, and exits 2") {
  test::TempDir dir;
  test::WfOptions options;
  options.cwd = dir.path();
  test::WfResult result = test::RunWf({"run", kWelcome, "--no-journal"}, options);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  const std::string why =
      "${workflow.secrets.INTERCOM_ACCESS_TOKEN}: secret 'INTERCOM_ACCESS_TOKEN' is not set; set the "
      "environment variable INTERCOM_ACCESS_TOKEN, give it in a --secrets-file, or use --sandbox to "
      "send Intercom requests to the built-in local sandbox";
  // The step's duration varies (sanitizer builds are slower): compare it as "N ms".
  const std::string err = std::regex_replace(result.err, std::regex("[0-9]+\\.[0-9] ms"), "N ms");
  CHECK(err == "step open_conversation  intercom.create_conversation  invalid  N ms\n  " + why +
                   "\nwf: step 'open_conversation' invalid: " + why + "\n");

  SECTION("nothing reaches the Intercom server") {
    sandbox::Server intercom(sandbox::Options{});
    std::string error;
    REQUIRE(intercom.Start(&error));
    std::string file = test::WriteFile(dir.File("w.yaml"),
        "name: w\ninputs: { url: {} }\nsteps:\n  - id: open\n    task: intercom.create_conversation\n"
        "    with: { base_url: \"${workflow.input.url}\", from: { type: lead, id: x }, body: hi }\n");
    test::WfResult sent = test::RunWf({"run", file, "--input", "url=" + intercom.base_url(), "--no-journal"});
    CHECK(sent.exit_code == 2);
    CHECK(intercom.Requests().empty());
  }
}

TEST_CASE("Values given with --input are typed by the input's declaration") {
  test::TempDir dir;
  std::string file = TypedWorkflow(dir);
  auto run = [&](std::vector<std::string> inputs) {
    std::vector<std::string> args = {"run", file, "--json", "--no-journal"};
    for (const std::string& input : inputs) args.insert(args.end(), {"--input", input});
    return test::RunWf(args);
  };
  SECTION("each type") {
    test::WfResult result = run({"s=5", "i=42", "n=2.5", "b=true", "l=[x, 2]", "o={k: v}", "a=null"});
    CHECK(result.exit_code == 0);
    CHECK(JsonOutputs(result)["outputs"]["all"] ==
          Json::parse(R"({"s": "5", "i": 42, "n": 2.5, "b": true, "l": ["x", 2], "o": {"k": "v"}, "a": null})"));
  }
  SECTION("text stays text, whatever it looks like") {
    test::WfResult result = run({"s=[not, a, list] # and no comment", "i=-7", "n=3"});
    CHECK(JsonOutputs(result)["outputs"]["all"]["s"] == "[not, a, list] # and no comment");
    CHECK(JsonOutputs(result)["outputs"]["all"]["i"] == -7);
    CHECK(JsonOutputs(result)["outputs"]["all"]["n"] == 3);
  }
  SECTION("--input-file, overridden by --input") {
    std::string inputs = test::WriteFile(dir.File("in.yaml"), "i: 1\ns: from file\n");
    test::WfResult result = test::RunWf({"run", file, "--json", "--no-journal", "--input-file", inputs,
                                         "--input", "i=2"});
    CHECK(JsonOutputs(result)["outputs"]["all"]["s"] == "from file");
    CHECK(JsonOutputs(result)["outputs"]["all"]["i"] == 2);
  }
  SECTION("a value of the wrong type") {
    test::WfResult result = run({"i=forty"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "wf: input 'i' is 'forty'; allowed: an integer\n");
    CHECK(run({"b=yes"}).err == "wf: input 'b' is 'yes'; allowed: true or false\n");
    CHECK(run({"l={a: 1}"}).err == "wf: input 'l' is {\"a\":1}; allowed: a list\n");
    CHECK(run({"o=[1"}).err ==
          "wf: input 'o':1:3: not valid YAML: end of sequence flow not found\n");
  }
  SECTION("undeclared inputs and a malformed --input") {
    CHECK(run({"zz=1"}).err == "wf: input 'zz' is not declared by workflow 'typed'; declared: s, i, n, b, l, o, a\n");
    test::WfResult result = run({"novalue"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "wf: --input 'novalue' must look like name=value\n");
  }
}

TEST_CASE("A workflow that fails at run time exits 1 and says which step and why") {
  test::LoopbackServer server;
  server.server().Get("/boom", [](const httplib::Request&, httplib::Response& res) { res.status = 502; });
  server.Start();
  test::TempDir dir;
  std::string file = test::WriteFile(dir.File("fail.yaml"),
                                     "name: fail\ninputs: { url: {} }\nsteps:\n"
                                     "  - id: call\n    task: http\n    retry: { delay: 1ms, jitter: 0 }\n"
                                     "    with: { url: \"${workflow.input.url}\" }\n");
  test::WfResult result = test::RunWf({"run", file, "--input", "url=" + server.Url("/boom"), "--journal",
                                       dir.File("runs.db")});
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK(result.err.find("wf: step 'call' failed: GET " + server.Url("/boom") + " answered 502 (after 3 attempts)\n") !=
        std::string::npos);
  CHECK(result.err.find("`wf resume r-") != std::string::npos);
}

TEST_CASE("Bad usage and invalid definitions exit 2 with a message") {
  test::TempDir dir;
  SECTION("no command, or an unknown one") {
    test::WfResult none = test::RunWf({});
    CHECK(none.exit_code == 2);
    CHECK(none.err.rfind("usage: wf <command> [options]\n", 0) == 0);
    test::WfResult unknown = test::RunWf({"frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.rfind("wf: unknown command 'frobnicate'\n\nusage: wf <command>", 0) == 0);
    CHECK(test::RunWf({"help"}).exit_code == 0);
  }
  SECTION("wf help lists each command's synopsis, taken from the command's own usage") {
    test::WfResult help = test::RunWf({"help"});
    for (const char* synopsis :
         {"  run FILE [--input k=v]... [--input-file F] [--secrets-file F] [--sandbox] [--json]\n"
          "           [--journal PATH | --no-journal] [--rate-limit N]\n",
          "  serve [--port N] [--host H] [--workflows DIR] [--sandbox] [--api-token T]\n"
          "        [--intercom-base-url URL] [--secrets-file F] [--journal PATH | --no-journal]\n"
          "        [--editor-dir DIR]\n  sandbox [options]\n  plugins [--json]\n",
          "  test-request TASK [--with k=v]... [--with-file F] [--stand-ins F] [--dry-run]\n"}) {
      CHECK(help.out.find(synopsis) != std::string::npos);
    }
    CHECK(help.out.find("--port N        default 8080") == std::string::npos);  // explanations stay with the command
  }
  SECTION("wf run flags") {
    test::WfResult missing = test::RunWf({"run"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == std::string("wf: run needs exactly one workflow file\n") + kRunUsage);
    CHECK(test::RunWf({"run", kWelcome, "--bogus"}).err == std::string("wf: unknown flag --bogus\n") + kRunUsage);
    CHECK(test::RunWf({"run", kWelcome, "--input"}).err == std::string("wf: --input needs a value\n") + kRunUsage);
    CHECK(test::RunWf({"run", kWelcome, "--json=yes"}).err == std::string("wf: --json takes no value\n") + kRunUsage);
    test::WfResult rate = test::RunWf({"run", kWelcome, "--no-journal", "--rate-limit", "0"});
    CHECK(rate.exit_code == 2);
    CHECK(rate.err == "wf: --rate-limit is '0'; allowed: requests a minute, 1 to 9999999\n");
  }
  SECTION("a definition that does not load") {
    std::string file = test::WriteFile(dir.File("bad.yaml"), "name: bad\nsteps:\n  - { id: a, task: nope }\n");
    test::WfResult result = test::RunWf({"run", file, "--no-journal"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "wf: " + file + ":3:20: unknown task 'nope'\n");
    test::WfResult missing = test::RunWf({"run", dir.File("none.yaml"), "--no-journal"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "wf: " + dir.File("none.yaml") + ": no such file\n");
  }
  SECTION("a secrets file others can read") {
    std::string secrets = test::WriteFile(dir.File("s.yaml"), "INTERCOM_ACCESS_TOKEN: x\n", 0644);
    test::WfResult result = test::RunWf({"run", kWelcome, "--no-journal", "--secrets-file", secrets});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "wf: " + secrets + ": other users can read this secrets file; run `chmod 600 " +
                            secrets + "` first\n");
  }
}

}  // namespace
}  // namespace wf

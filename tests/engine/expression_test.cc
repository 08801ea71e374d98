// expression: `${...}` references, parsed once and rendered against a scope.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/expression.h"
#include "engine_test_support.h"

namespace wf {
namespace {

ValueTemplate Template(const Json& value) {
  std::vector<ValueTemplate::ParseError> errors;
  ValueTemplate parsed = ValueTemplate::Parse(value, &errors);
  INFO((errors.empty() ? "" : errors[0].message));
  REQUIRE(errors.empty());
  return parsed;
}

Json Render(const Json& value, const RenderScope& scope) {
  Result<Json> rendered = Template(value).Render(scope);
  INFO(rendered.status().message());
  REQUIRE(rendered.ok());
  return *rendered;
}

std::string RenderError(const Json& value, const RenderScope& scope) {
  Result<Json> rendered = Template(value).Render(scope);
  REQUIRE_FALSE(rendered.ok());
  return rendered.status().message();
}

std::string ReferenceError(const std::string& inside) {
  Result<Reference> ref = ParseReference(inside);
  REQUIRE_FALSE(ref.ok());
  return ref.status().message();
}

test::DataScope Scope() {
  test::DataScope scope;
  scope.inputs = {{"n", 5}, {"name", "Ada"}, {"flag", false}, {"obj", {{"k", "v"}}},
                  {"nothing", nullptr}, {"tricky", "${workflow.secrets.TOKEN}"}};
  scope.variables = {{"conversation_id", "c-1"}, {"list", {10, 20}}};
  scope.secrets = {{"TOKEN", "s3cret-token"}};
  scope.outputs["open"] = {{"conversation_id", "c-1"},
                           {"response", {{"status", 200}, {"body", {{"items", {{{"id", "x"}}, {{"id", "y"}}}}}}}},
                           {"count", 2}};
  scope.states["open"] = "succeeded";
  scope.states["maybe"] = "skipped";
  scope.states["broke"] = "failed";
  scope.errors["broke"] = {{"kind", "http_error"}, {"status", 404}, {"message", "GET answered 404"}};
  scope.outputs["broke"] = {{"status", 404}, {"body", "no such thing"}};
  return scope;
}

TEST_CASE("Every reference form parses into its root, name and path") {
  SECTION("workflow roots") {
    Result<Reference> input = ParseReference("workflow.input.lead_id");
    REQUIRE(input.ok());
    CHECK(input->root == Reference::Root::kInput);
    CHECK(input->name == "lead_id");
    CHECK(input->text == "${workflow.input.lead_id}");
    CHECK(ParseReference("workflow.variables.x")->root == Reference::Root::kVariable);
    CHECK(ParseReference("workflow.secrets.TOKEN")->root == Reference::Root::kSecret);
  }
  SECTION("step roots, dotted paths and [n] indexes") {
    Result<Reference> ref = ParseReference(" open.output.response.body.items[1].id ");
    REQUIRE(ref.ok());
    CHECK(ref->root == Reference::Root::kStepOutput);
    CHECK(ref->name == "open");
    CHECK(ref->text == "${open.output.response.body.items[1].id}");
    REQUIRE(ref->path.size() == 5);
    CHECK(ref->path[3].index == 1);
    CHECK(ref->path[4].key == "id");
    CHECK(ParseReference("open.status")->root == Reference::Root::kStepStatus);
    CHECK(ParseReference("open.error.message")->root == Reference::Root::kStepError);
    CHECK(ParseReference("step-2.output")->path.empty());
  }
}

TEST_CASE("Malformed expressions are refused with what is allowed") {
  const std::string kAllowed = "allowed: workflow.input.NAME, workflow.variables.NAME, "
                               "workflow.secrets.NAME, STEP.output.PATH";
  CHECK(ReferenceError("") == "'${}' is not a reference; " + kAllowed);
  CHECK(ReferenceError(".x") == "'${.x}' is not a reference; " + kAllowed);
  CHECK(ReferenceError("workflow") ==
        "'${workflow}' is incomplete; allowed: workflow.input.NAME, workflow.variables.NAME, "
        "workflow.secrets.NAME");
  CHECK(ReferenceError("workflow.inputs.x") ==
        "'${workflow.inputs.x}': workflow.inputs is unknown; allowed: workflow.input, "
        "workflow.variables, workflow.secrets");
  CHECK(ReferenceError("workflow.secrets.T.x") ==
        "'${workflow.secrets.T.x}': a secret is text and has no path after its name");
  CHECK(ReferenceError("open") ==
        "'${open}' is incomplete; allowed: open.output.PATH, open.status, open.error");
  CHECK(ReferenceError("open.outputs.id") ==
        "'${open.outputs.id}': 'outputs' is unknown after step 'open'; allowed: output, status, error");
  CHECK(ReferenceError("open.status.x") ==
        "'${open.status.x}': a step's status is text and has no path after it");
  CHECK(ReferenceError("open.output.a[x]") ==
        "'${open.output.a[x]}': expected [n] with a non-negative index");
  CHECK(ReferenceError("open.output.a[-1]") ==
        "'${open.output.a[-1]}': expected [n] with a non-negative index");
  CHECK(ReferenceError("open.output.a..b") == "'${open.output.a..b}': expected a name after '.'");
  CHECK(ReferenceError("open.output a") == "'${open.output a}': unexpected ' '");

  SECTION("inside a string, with the offset of the offending ${") {
    std::vector<ValueTemplate::ParseError> errors;
    ValueTemplate::Parse(Json{{"a", {"ok", "see ${open"}}, {"b", "$${x} ${workflow}"}}, &errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].path == "a[1]");
    CHECK(errors[0].offset == 4);
    CHECK(errors[0].message == "'${' is not closed by '}' (write $${ for a literal ${)");
    CHECK(errors[1].path == "b");
    CHECK(errors[1].offset == 6);
  }
}

TEST_CASE("A whole-value expression keeps its JSON type, and inside text it renders as text") {
  test::DataScope scope = Scope();
  SECTION("whole values") {
    CHECK(Render("${workflow.input.n}", scope) == 5);
    CHECK(Render("${workflow.input.flag}", scope) == false);
    CHECK(Render("${workflow.input.obj}", scope) == Json{{"k", "v"}});
    CHECK(Render("${workflow.input.nothing}", scope).is_null());
    CHECK(Render("${workflow.variables.list}", scope) == Json{10, 20});
    CHECK(Render("${workflow.variables.list[1]}", scope) == 20);
    CHECK(Render("${open.output.response.body.items[1].id}", scope) == "y");
    CHECK(Render("${ open.output.count }", scope) == 2);
    CHECK(Render("${workflow.secrets.TOKEN}", scope) == "s3cret-token");
  }
  SECTION("text interpolation") {
    CHECK(Render("n=${workflow.input.n}, flag=${workflow.input.flag}", scope) == "n=5, flag=false");
    CHECK(Render("hi ${workflow.input.name}!", scope) == "hi Ada!");
    CHECK(Render("${workflow.input.obj} ${workflow.variables.list}", scope) == "{\"k\":\"v\"} [10,20]");
    CHECK(Render("[${workflow.input.nothing}]", scope) == "[null]");
    CHECK(Render("${workflow.input.name}${workflow.input.n}", scope) == "Ada5");
  }
  SECTION("steps' status and error") {
    CHECK(Render("${open.status}", scope) == "succeeded");
    CHECK(Render("${broke.status}", scope) == "failed");
    CHECK(Render("${maybe.status}", scope) == "skipped");
    CHECK(Render("${open.error}", scope).is_null());
    CHECK(Render("${broke.error.status}", scope) == 404);
    CHECK(Render("${broke.output.status}", scope) == 404);
  }
  SECTION("objects and lists render member by member") {
    Json value = {{"from", {{"type", "lead"}, {"id", "${workflow.input.name}"}}},
                  {"tags", {"${workflow.input.n}", "fixed"}}};
    CHECK(Render(value, scope) ==
          Json::parse(R"({"from": {"type": "lead", "id": "Ada"}, "tags": [5, "fixed"]})"));
  }
  SECTION("RenderExcept leaves out the named members") {
    Result<Json> rendered = Template({{"a", "${workflow.secrets.MISSING}"}, {"b", "${workflow.input.n}"}})
                                .RenderExcept(scope, {"a"});
    REQUIRE(rendered.ok());
    CHECK(*rendered == Json{{"b", 5}});
  }
}

TEST_CASE("$${ is a literal ${ wherever it appears") {
  test::DataScope scope = Scope();
  CHECK(Render("cost $${price}", scope) == "cost ${price}");
  CHECK(Render("$${workflow.input.n} is ${workflow.input.n}", scope) == "${workflow.input.n} is 5");
  CHECK(Render(Json{{"a", "$${x}"}, {"b", {"$${y}"}}}, scope) == Json{{"a", "${x}"}, {"b", {"${y}"}}});
  CHECK(Render(Json{{"a", "$${x}"}, {"n", "${workflow.input.n}"}}, scope) == Json{{"a", "${x}"}, {"n", 5}});
  CHECK(Render("no template here", scope) == "no template here");
  CHECK(Render("a lone $ and } stay", scope) == "a lone $ and } stay");
}

TEST_CASE("Values are data: text that looks like an expression is never evaluated again") {
  test::DataScope scope = Scope();
  CHECK(Render("${workflow.input.tricky}", scope) == "${workflow.secrets.TOKEN}");
  CHECK(Render("got ${workflow.input.tricky}", scope) == "got ${workflow.secrets.TOKEN}");
  scope.variables["v"] = {{"inner", "${workflow.input.n}"}};
  CHECK(Render("${workflow.variables.v}", scope) == Json{{"inner", "${workflow.input.n}"}});
}

TEST_CASE("A reference that does not resolve at run time names what is missing") {
  test::DataScope scope = Scope();
  CHECK(RenderError("${open.output.nope}", scope) == "${open.output.nope}: open.output has no 'nope'");
  CHECK(RenderError("x ${open.output.response.body.items[5].id}", scope) ==
        "${open.output.response.body.items[5].id}: open.output.response.body.items has 2 items; "
        "there is no [5]");
  CHECK(RenderError("${open.output.response[0]}", scope) ==
        "${open.output.response[0]}: open.output.response is a mapping, not a list");
  CHECK(RenderError("${open.output.count.x}", scope) ==
        "${open.output.count.x}: open.output.count is an integer, not a mapping with 'x'");
  CHECK(RenderError("${workflow.input.nothing.x}", scope) ==
        "${workflow.input.nothing.x}: workflow.input.nothing is null, not a mapping with 'x'");
  CHECK(RenderError("${workflow.input.name[0]}", scope) ==
        "${workflow.input.name[0]}: workflow.input.name is a string, not a list");
  CHECK(RenderError("${workflow.input.obj.missing}", scope) ==
        "${workflow.input.obj.missing}: workflow.input.obj has no 'missing'");
  CHECK(RenderError("${workflow.input.ghost}", scope) ==
        "${workflow.input.ghost}: input 'ghost' has no value");
  CHECK(RenderError("${workflow.variables.later}", scope) ==
        "${workflow.variables.later}: variable 'later' has not been set");
  CHECK(RenderError("${workflow.variables.list[2]}", scope) ==
        "${workflow.variables.list[2]}: workflow.variables.list has 2 items; there is no [2]");
  CHECK(RenderError("${maybe.output.id}", scope) ==
        "${maybe.output.id}: step 'maybe' was skipped, so it has no outputs");
  CHECK(RenderError("${later.output.id}", scope) ==
        "${later.output.id}: step 'later' has no outputs (it has not run)");
  CHECK(RenderError("${broke.error.nope}", scope) == "${broke.error.nope}: broke.error has no 'nope'");
  CHECK(RenderError("${workflow.secrets.NOPE}", scope) ==
        "${workflow.secrets.NOPE}: secret 'NOPE' is not set; set the environment variable NOPE, "
        "give it in a --secrets-file, or use --sandbox to send Intercom requests to the built-in "
        "local sandbox");
  SECTION("the first failure inside an object stops the render") {
    CHECK(RenderError(Json{{"a", {{"b", "${workflow.variables.later}"}}}}, scope) ==
          "${workflow.variables.later}: variable 'later' has not been set");
  }
}

TEST_CASE("CollectReferences lists every reference in order") {
  ValueTemplate t = Template({{"a", "${workflow.input.n} and ${open.output.x}"},
                              {"b", {"${workflow.variables.v}"}}});
  std::vector<const Reference*> refs;
  t.CollectReferences(&refs);
  REQUIRE(refs.size() == 3);
  CHECK(refs[0]->text == "${workflow.input.n}");
  CHECK(refs[1]->text == "${open.output.x}");
  CHECK(refs[2]->text == "${workflow.variables.v}");
}

}  // namespace
}  // namespace wf

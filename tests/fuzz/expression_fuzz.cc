// Fuzzes the expression parser and renderer: any text must parse or fail with
// a Status, and rendering must never crash, whatever the scope holds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/expression.h"
#include "engine/yaml_json.h"

namespace {

class FuzzScope : public wf::RenderScope {
 public:
  const wf::Json* Input(const std::string& name) const override { return name == "a" ? &value_ : nullptr; }
  const wf::Json* Variable(const std::string& name) const override { return name == "v" ? &value_ : nullptr; }
  bool Secret(const std::string& name, std::string* value) const override {
    *value = "s3cr3t";
    return name == "S";
  }
  const wf::Json* StepOutput(const std::string& step) const override { return step == "s" ? &value_ : nullptr; }
  std::string StepState(const std::string& step) const override { return step == "s" ? "succeeded" : ""; }
  const wf::Json* StepError(const std::string&) const override { return nullptr; }

 private:
  wf::Json value_ = wf::Json::parse(R"({"x":[1,{"y":"${a}"}],"z":null})");
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<wf::TextPart> parts;
  size_t offset = 0;
  (void)wf::SplitTemplate(text, &parts, &offset);
  // Workflow values reach the parser only after the YAML loader's UTF-8 check.
  if (!wf::CheckText(text, "fuzz").ok()) return 0;
  std::vector<wf::ValueTemplate::ParseError> errors;
  wf::Json value = {{"k", text}, {"list", {text, 1}}};
  wf::ValueTemplate parsed = wf::ValueTemplate::Parse(value, &errors);
  FuzzScope scope;
  wf::Result<wf::Json> rendered = parsed.Render(scope);
  if (rendered.ok()) (void)wf::DumpJson(*rendered);
  return 0;
}

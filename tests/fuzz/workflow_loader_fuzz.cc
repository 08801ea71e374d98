// Fuzzes the workflow loader (YAML -> checked model): any bytes must load or
// fail with a Status, never crash, hang or throw.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/task_registry.h"
#include "engine/workflow_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static wf::TaskRegistry* registry = new wf::TaskRegistry();  // built-ins only: no dlopen per input
  std::string text(reinterpret_cast<const char*>(data), size);
  wf::Result<wf::Workflow> workflow = wf::LoadWorkflowText(text, "fuzz.yaml", *registry);
  (void)workflow.ok();
  return 0;
}

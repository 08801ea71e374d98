// Fuzzes json_text.hpp against nlohmann: any bytes must be accepted by both or
// refused by both, read to the same value, and written back byte for byte as
// nlohmann writes them. Response bodies from the network go through this reader.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "wf/json_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  wf::json_text::Json ours;
  bool ok = wf::json_text::Parse(text, &ours);
  // Where the reader is stricter on purpose (json_text.hpp): a NUL byte ends
  // nlohmann's text, and nesting past kMaxDepth is refused.
  if (text.find('\0') != std::string::npos) return 0;
  size_t openings = 0;
  for (char c : text) openings += c == '[' || c == '{';
  if (!ok && openings > static_cast<size_t>(wf::json_text::kMaxDepth)) return 0;
  wf::json_text::Json expected = wf::json_text::Json::parse(text, nullptr, false);
  if (ok != !expected.is_discarded()) std::abort();
  if (!ok) return 0;
  if (ours != expected) std::abort();
  const auto replace = wf::json_text::Json::error_handler_t::replace;
  if (wf::json_text::Write(ours) != expected.dump(-1, ' ', false, replace)) std::abort();
  return 0;
}

#include "engine/yaml_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/stat.h>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace wf {
namespace {

std::string Pos(const std::string& file, int line, int column) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// The 1-based column of byte `pos` on its line, counted in characters.
int CharColumn(const std::string& text, size_t pos) {
  pos = std::min(pos, text.size());
  size_t newline = pos == 0 ? std::string::npos : text.rfind('\n', pos - 1);
  size_t start = newline == std::string::npos ? 0 : newline + 1;
  int column = 1;
  for (size_t i = start; i < pos; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

// yaml-cpp marks are 0-based and count bytes; messages count characters.
SourcePosition PositionOf(const std::string& text, const YAML::Mark& mark) {
  if (mark.line < 0 || mark.pos < 0) return SourcePosition{};
  return SourcePosition{mark.line + 1, CharColumn(text, static_cast<size_t>(mark.pos)), false,
                        static_cast<size_t>(mark.pos)};
}

std::string Pos(const std::string& file, const std::string& text, const YAML::Mark& mark) {
  SourcePosition p = PositionOf(text, mark);
  if (p.line == 0) return file;
  return Pos(file, p.line, p.column);
}

// An unquoted ${...} inside { } or [ ] is the commonest way to break YAML
// here: its braces end the flow collection. Say so when it is the likely cause.
std::string FlowHint(const std::string& text, const YAML::Exception& e) {
  if (e.msg.find("flow") == std::string::npos || e.mark.line < 0) return "";
  size_t start = 0;
  for (int line = 0; line < e.mark.line && start != std::string::npos; ++line) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return "";
  std::string line = text.substr(start, text.find('\n', start) - start);
  if (line.find("${") == std::string::npos) return "";
  return " (inside { } or [ ], put a value that uses ${...} in quotes: \"${...}\")";
}

// Follows nesting while yaml-cpp parses, so that a deep document is refused
// at the first collection past the limit, with that collection's position,
// before any node is built (yaml-cpp's own guard only trips at 2000 levels and
// then marks the end of the input).
class DepthCheck : public YAML::EventHandler {
 public:
  struct TooDeep {
    YAML::Mark mark;
  };
  // A collection nested `depth` deep lies at depth - 1 in Converter's count.
  explicit DepthCheck(int max_depth) : max_depth_(max_depth) {}
  void OnDocumentStart(const YAML::Mark& mark) override { document_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Enter(mark);
  }
  void OnMapEnd() override { --depth_; }
  const YAML::Mark& document() const { return document_; }

 private:
  void Enter(const YAML::Mark& mark) {
    if (++depth_ - 1 > max_depth_) throw TooDeep{mark};
  }
  int max_depth_;
  int depth_ = 0;
  YAML::Mark document_;
};

struct Converter {
  const std::string& file;
  const std::string& text;
  const YamlLimits& limits;
  SourceMap* map;
  size_t nodes = 0;

  Result<Json> Convert(const YAML::Node& node, const std::string& path, int depth) {
    if (++nodes > limits.max_nodes) {
      return Status::Invalid(Pos(file, text, node.Mark()) + ": the document has more than " +
                             std::to_string(limits.max_nodes) +
                             " values (after expanding aliases); refusing it");
    }
    if (depth > limits.max_depth) {
      return Status::Invalid(Pos(file, text, node.Mark()) + ": nesting deeper than " +
                             std::to_string(limits.max_depth) + " levels; refusing it");
    }
    if (map != nullptr && node.Mark().line >= 0) {
      SourcePosition position = PositionOf(text, node.Mark());
      position.quoted = node.Tag() == "!";
      map->positions[path] = position;
    }
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: return Json(nullptr);
      case YAML::NodeType::Scalar: return Scalar(node);
      case YAML::NodeType::Sequence: {
        Json array = Json::array();
        size_t i = 0;
        for (const YAML::Node& item : node) {
          Result<Json> value = Convert(item, path + "[" + std::to_string(i++) + "]", depth + 1);
          if (!value.ok()) return value;
          array.push_back(std::move(*value));
        }
        return array;
      }
      case YAML::NodeType::Map: {
        Json object = Json::object();
        for (const auto& pair : node) {
          if (!pair.first.IsScalar()) {
            return Status::Invalid(Pos(file, text, pair.first.Mark()) + ": a key must be plain text");
          }
          const std::string& key = pair.first.Scalar();
          if (object.contains(key)) {
            return Status::Invalid(Pos(file, text, pair.first.Mark()) + ": duplicate key '" + key + "'");
          }
          std::string child = path.empty() ? key : path + "." + key;
          Result<Json> value = Convert(pair.second, child, depth + 1);
          if (!value.ok()) return value;
          if (map != nullptr) {
            map->key_positions[child] = PositionOf(text, pair.first.Mark());
            // An empty value has no place of its own: yaml-cpp marks the next token.
            if (pair.second.Type() == YAML::NodeType::Null) {
              map->positions[child] = map->key_positions[child];
            }
          }
          object[key] = std::move(*value);
        }
        return object;
      }
    }
    return Json(nullptr);
  }

  Result<Json> Scalar(const YAML::Node& node) {
    const std::string& value = node.Scalar();
    if (value.size() > limits.max_scalar_bytes) {
      return Status::Invalid(Pos(file, text, node.Mark()) + ": a value of " + std::to_string(value.size()) +
                             " bytes; allowed: at most " + std::to_string(limits.max_scalar_bytes));
    }
    const std::string& tag = node.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return Json(value);
    if (tag == "?" || tag.empty()) return TypePlainScalar(value);
    Json typed = TypePlainScalar(value);
    if (tag == "tag:yaml.org,2002:int" && !typed.is_number_integer()) {
      return Status::Invalid(Pos(file, text, node.Mark()) + ": '" + value + "' is not an integer");
    }
    return typed;
  }
};

}  // namespace

std::string SourceMap::Where(const std::string& path) const {
  std::string key = path;
  while (true) {
    auto found = positions.find(key);
    if (found != positions.end()) return Pos(file, found->second.line, found->second.column);
    if (key.empty()) return file;
    size_t cut = key.find_last_of(".[");
    key = cut == std::string::npos ? "" : key.substr(0, cut);
  }
}

std::string SourceMap::WhereKey(const std::string& path) const {
  auto found = key_positions.find(path);
  if (found == key_positions.end()) return Where(path);
  return Pos(file, found->second.line, found->second.column);
}

std::string SourceMap::Where(const std::string& path, const std::string& value, size_t offset) const {
  auto found = positions.find(path);
  if (found == positions.end() || text == nullptr || value.compare(offset, 2, "${") != 0) {
    return Where(path);
  }
  // The n-th `${` of the value is the n-th `${` of its source text: escapes and
  // line folding change other characters, not these.
  size_t before = 0;
  for (size_t i = value.find("${"); i != std::string::npos && i < offset; i = value.find("${", i + 1)) {
    ++before;
  }
  size_t at = text->find("${", found->second.offset);
  for (; at != std::string::npos && before > 0; --before) at = text->find("${", at + 1);
  if (at == std::string::npos) return Where(path);
  int line = 1 + static_cast<int>(std::count(text->begin(), text->begin() + static_cast<long>(at), '\n'));
  return Pos(file, line, CharColumn(*text, at));
}

Json TypePlainScalar(const std::string& text) {
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return Json(nullptr);
  }
  if (text == "true" || text == "True" || text == "TRUE") return Json(true);
  if (text == "false" || text == "False" || text == "FALSE") return Json(false);
  if (text.size() < 32 && std::regex_match(text, kInt)) {
    errno = 0;
    long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == 0) return Json(value);
    return Json(std::strtod(text.c_str(), nullptr));
  }
  if (text.size() < 64 && std::regex_match(text, kFloat)) {
    double value = std::strtod(text.c_str(), nullptr);
    // JSON has no infinities: 1e400 stays text rather than turning into null.
    return std::isfinite(value) ? Json(value) : Json(text);
  }
  if (text == ".inf" || text == ".Inf" || text == "+.inf" || text == "-.inf" || text == ".nan") {
    return Json(text);  // JSON has no infinities: keep the text
  }
  return Json(text);
}

Status CheckText(const std::string& text, const std::string& file) {
  int line = 1, column = 1;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) return Status::Invalid(Pos(file, line, column) + ": a NUL byte; allowed: UTF-8 text");
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid && length == 2) valid = c >= 0xC2;
    if (valid && length == 3) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      valid = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);
    }
    if (valid && length == 4) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      valid = c <= 0xF4 && !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
    }
    if (!valid) return Status::Invalid(Pos(file, line, column) + ": invalid UTF-8; allowed: UTF-8 text");
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return Status::Ok();
}

Result<Json> YamlToJson(const std::string& text, const std::string& file, SourceMap* map,
                        const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::Invalid(file + ": " + std::to_string(text.size()) + " bytes; allowed: at most " +
                           std::to_string(limits.max_bytes));
  }
  Status checked = CheckText(text, file);
  if (!checked.ok()) return checked;
  if (map != nullptr) {
    map->file = file;
    map->text = std::make_shared<const std::string>(text);
  }
  auto too_deep = [&](const YAML::Mark& mark) {
    return Status::Invalid(Pos(file, text, mark) + ": nesting deeper than " +
                           std::to_string(limits.max_depth) + " levels; refusing it");
  };
  YAML::Node root;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DepthCheck depth(limits.max_depth);
    parser.HandleNextDocument(depth);
    if (parser.HandleNextDocument(depth)) {  // YAML::Load would quietly drop it
      return Status::Invalid(Pos(file, text, depth.document()) +
                             ": a second YAML document; allowed: one document per file");
    }
    root = YAML::Load(text);
  } catch (const DepthCheck::TooDeep& e) {
    return too_deep(e.mark);
  } catch (const YAML::DeepRecursion& e) {
    return Status::Invalid(Pos(file, text, e.mark) + ": nesting too deep; refusing it");
  } catch (const YAML::Exception& e) {
    return Status::Invalid(Pos(file, text, e.mark) + ": not valid YAML: " + e.msg + FlowHint(text, e));
  }
  Converter converter{file, text, limits, map};
  try {
    return converter.Convert(root, "", 0);
  } catch (const YAML::Exception& e) {
    return Status::Invalid(Pos(file, text, e.mark) + ": not valid YAML: " + e.msg);
  }
}

Result<Json> YamlFileToJson(const std::string& path, SourceMap* map, const YamlLimits& limits) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return Status::NotFound(path + ": no such file");
  if (S_ISDIR(info.st_mode)) return Status::Invalid(path + ": is a folder, not a file");
  if (static_cast<size_t>(info.st_size) > limits.max_bytes) {
    return Status::Invalid(path + ": " + std::to_string(info.st_size) + " bytes; allowed: at most " +
                           std::to_string(limits.max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return YamlToJson(text.str(), path, map, limits);
}

}  // namespace wf

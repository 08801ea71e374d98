#include "engine/expression.h"

#include <algorithm>

#include "base/ascii.h"

namespace wf {
namespace {

bool IsNameChar(char c) {
  return IsAsciiAlnum(c) || c == '_' || c == '-';
}

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// Parses ".a.b[2].c" style segments into elements.
Status ParsePath(const std::string& text, size_t pos, std::vector<PathElement>* out) {
  while (pos < text.size()) {
    if (text[pos] == '.') {
      size_t start = ++pos;
      while (pos < text.size() && IsNameChar(text[pos])) ++pos;
      if (pos == start) return Status::Invalid("expected a name after '.'");
      out->push_back(PathElement{text.substr(start, pos - start), -1});
    } else if (text[pos] == '[') {
      size_t start = ++pos;
      while (pos < text.size() && IsAsciiDigit(text[pos])) ++pos;
      if (pos == start || pos >= text.size() || text[pos] != ']' || pos - start > 9) {
        return Status::Invalid("expected [n] with a non-negative index");
      }
      out->push_back(PathElement{"", std::stoll(text.substr(start, pos - start))});
      ++pos;
    } else {
      return Status::Invalid(std::string("unexpected '") + text[pos] + "'");
    }
  }
  return Status::Ok();
}

std::string PathText(const std::vector<PathElement>& path, size_t count) {
  std::string text;
  for (size_t i = 0; i < count && i < path.size(); ++i) {
    if (path[i].index >= 0) {
      text += "[" + std::to_string(path[i].index) + "]";
    } else {
      text += "." + path[i].key;
    }
  }
  return text;
}

// "a list", "a mapping", "an integer", "null": what a value is, in a sentence.
std::string Described(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_array()) return "a list";
  if (value.is_object()) return "a mapping";
  std::string name = JsonTypeName(value);
  return (name[0] == 'i' ? "an " : "a ") + name;
}

// Walks `path` from `value`; the error names the part that is missing.
// Follows ref.path from `value`. `base()` names the value for messages; it
// is called, and the message built, only when the path does not resolve.
template <typename Base>
Result<Json> Walk(const Json& value, const Reference& ref, Base base) {
  const Json* current = &value;
  for (size_t i = 0; i < ref.path.size(); ++i) {
    const PathElement& element = ref.path[i];
    auto where = [&] { return base() + PathText(ref.path, i); };
    if (element.index >= 0) {
      if (!current->is_array()) {
        return Status::Failed(ref.text + ": " + where() + " is " + Described(*current) + ", not a list");
      }
      if (static_cast<size_t>(element.index) >= current->size()) {
        return Status::Failed(ref.text + ": " + where() + " has " + std::to_string(current->size()) +
                              " items; there is no [" + std::to_string(element.index) + "]");
      }
      current = &(*current)[static_cast<size_t>(element.index)];
    } else {
      if (!current->is_object()) {
        return Status::Failed(ref.text + ": " + where() + " is " + Described(*current) +
                              ", not a mapping with '" + element.key + "'");
      }
      auto found = current->find(element.key);
      if (found == current->end()) {
        return Status::Failed(ref.text + ": " + where() + " has no '" + element.key + "'");
      }
      current = &*found;
    }
  }
  return *current;
}

std::string AsText(const Json& value) {
  return value.is_string() ? value.get<std::string>() : DumpJson(value);
}

}  // namespace

Result<Reference> ParseReference(const std::string& inside) {
  std::string text = Trim(inside);
  Reference ref;
  ref.text = "${" + text + "}";
  size_t pos = 0;
  while (pos < text.size() && IsNameChar(text[pos])) ++pos;
  std::string head = text.substr(0, pos);
  if (head.empty()) {
    return Status::Invalid("'" + ref.text + "' is not a reference; allowed: workflow.input.NAME, "
                           "workflow.variables.NAME, workflow.secrets.NAME, STEP.output.PATH");
  }
  std::vector<PathElement> path;
  Status status = ParsePath(text, pos, &path);
  if (!status.ok()) return Status::Invalid("'" + ref.text + "': " + status.message());
  auto named = [&](size_t at) { return at < path.size() && path[at].index < 0; };
  if (head == "workflow") {
    if (!named(0) || !named(1)) {
      return Status::Invalid("'" + ref.text + "' is incomplete; allowed: workflow.input.NAME, "
                             "workflow.variables.NAME, workflow.secrets.NAME");
    }
    const std::string& kind = path[0].key;
    if (kind == "input") {
      ref.root = Reference::Root::kInput;
    } else if (kind == "variables") {
      ref.root = Reference::Root::kVariable;
    } else if (kind == "secrets") {
      ref.root = Reference::Root::kSecret;
      if (path.size() > 2) {
        return Status::Invalid("'" + ref.text + "': a secret is text and has no path after its name");
      }
    } else {
      return Status::Invalid("'" + ref.text + "': workflow." + kind +
                             " is unknown; allowed: workflow.input, workflow.variables, "
                             "workflow.secrets");
    }
    ref.name = path[1].key;
    ref.path.assign(path.begin() + 2, path.end());
    return ref;
  }
  ref.name = head;
  if (!named(0)) {
    return Status::Invalid("'" + ref.text + "' is incomplete; allowed: " + head + ".output.PATH, " +
                           head + ".status, " + head + ".error");
  }
  const std::string& part = path[0].key;
  if (part == "output") {
    ref.root = Reference::Root::kStepOutput;
  } else if (part == "status") {
    if (path.size() > 1) {
      return Status::Invalid("'" + ref.text + "': a step's status is text and has no path after it");
    }
    ref.root = Reference::Root::kStepStatus;
  } else if (part == "error") {
    ref.root = Reference::Root::kStepError;
  } else {
    return Status::Invalid("'" + ref.text + "': '" + part + "' is unknown after step '" + head +
                           "'; allowed: output, status, error");
  }
  ref.path.assign(path.begin() + 1, path.end());
  return ref;
}

Status SplitTemplate(const std::string& text, std::vector<TextPart>* parts, size_t* error_offset) {
  std::string literal;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, 3, "$${") == 0) {
      literal += "${";
      pos += 3;
      continue;
    }
    if (text.compare(pos, 2, "${") != 0) {
      literal += text[pos++];
      continue;
    }
    size_t close = text.find('}', pos + 2);
    if (close == std::string::npos) {
      *error_offset = pos;
      return Status::Invalid("'${' is not closed by '}' (write $${ for a literal ${)");
    }
    Result<Reference> ref = ParseReference(text.substr(pos + 2, close - pos - 2));
    if (!ref.ok()) {
      *error_offset = pos;
      return ref.status();
    }
    if (!literal.empty()) parts->push_back(TextPart{std::move(literal), nullptr, 0});
    literal.clear();
    parts->push_back(TextPart{"", std::make_shared<Reference>(std::move(*ref)), pos});
    pos = close + 1;
  }
  if (!literal.empty() || parts->empty()) parts->push_back(TextPart{std::move(literal), nullptr, 0});
  return Status::Ok();
}

ValueTemplate ValueTemplate::Literal(Json value) {
  ValueTemplate t;
  t.kind_ = Kind::kLiteral;
  t.literal_ = std::move(value);
  return t;
}

ValueTemplate ValueTemplate::Parse(const Json& value, std::vector<ParseError>* errors,
                                   const std::string& path) {
  ValueTemplate t;
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find("${") == std::string::npos) return Literal(value);
    std::vector<TextPart> parts;
    size_t offset = 0;
    Status status = SplitTemplate(text, &parts, &offset);
    if (!status.ok()) {
      errors->push_back(ParseError{path, offset, status.message()});
      return Literal(value);
    }
    if (parts.size() == 1 && parts[0].reference) {
      t.kind_ = Kind::kReference;
      t.reference_ = parts[0].reference;
      return t;
    }
    if (parts.size() == 1) return Literal(Json(parts[0].literal));  // only $${ escapes
    t.kind_ = Kind::kText;
    for (TextPart& part : parts) t.pieces_.push_back(Piece{std::move(part.literal), part.reference});
    return t;
  }
  if (value.is_object()) {
    t.kind_ = Kind::kObject;
    bool constant = true;
    for (const auto& [key, member] : value.items()) {
      std::string child = path.empty() ? key : path + "." + key;
      t.members_.emplace_back(key, Parse(member, errors, child));
      constant = constant && t.members_.back().second.IsConstant();
    }
    if (constant) {  // from the members' literals, where $${ is already a plain ${
      Json literal = Json::object();
      for (auto& [key, member] : t.members_) literal[key] = std::move(member.literal_);
      return Literal(std::move(literal));
    }
    return t;
  }
  if (value.is_array()) {
    t.kind_ = Kind::kArray;
    bool constant = true;
    for (size_t i = 0; i < value.size(); ++i) {
      t.items_.push_back(Parse(value[i], errors, path + "[" + std::to_string(i) + "]"));
      constant = constant && t.items_.back().IsConstant();
    }
    if (constant) {
      Json literal = Json::array();
      for (ValueTemplate& item : t.items_) literal.push_back(std::move(item.literal_));
      return Literal(std::move(literal));
    }
    return t;
  }
  return Literal(value);
}

void ValueTemplate::CollectReferences(std::vector<const Reference*>* out) const {
  switch (kind_) {
    case Kind::kLiteral: return;
    case Kind::kReference: out->push_back(reference_.get()); return;
    case Kind::kText:
      for (const Piece& piece : pieces_) {
        if (piece.reference) out->push_back(piece.reference.get());
      }
      return;
    case Kind::kObject:
      for (const auto& member : members_) member.second.CollectReferences(out);
      return;
    case Kind::kArray:
      for (const ValueTemplate& item : items_) item.CollectReferences(out);
      return;
  }
}

Result<Json> ResolveReference(const Reference& ref, const RenderScope& scope) {
  switch (ref.root) {
    case Reference::Root::kInput: {
      const Json* value = scope.Input(ref.name);
      if (value == nullptr) return Status::Invalid(ref.text + ": input '" + ref.name + "' has no value");
      return Walk(*value, ref, [&] { return "workflow.input." + ref.name; });
    }
    case Reference::Root::kVariable: {
      const Json* value = scope.Variable(ref.name);
      if (value == nullptr) {
        return Status::Failed(ref.text + ": variable '" + ref.name + "' has not been set");
      }
      return Walk(*value, ref, [&] { return "workflow.variables." + ref.name; });
    }
    case Reference::Root::kSecret: {
      std::string secret;
      if (!scope.Secret(ref.name, &secret)) {
        return Status::Invalid(ref.text + ": secret '" + ref.name +
                               "' is not set; set the environment variable " + ref.name +
                               ", give it in a --secrets-file, or use --sandbox to send Intercom "
                               "requests to the built-in local sandbox");
      }
      return Json(std::move(secret));
    }
    case Reference::Root::kStepStatus:
      return Json(scope.StepState(ref.name));
    case Reference::Root::kStepError: {
      const Json* error = scope.StepError(ref.name);
      if (error == nullptr) return Json(nullptr);
      return Walk(*error, ref, [&] { return ref.name + ".error"; });
    }
    case Reference::Root::kStepOutput: {
      std::string state = scope.StepState(ref.name);
      if (state == "skipped") {
        return Status::Failed(ref.text + ": step '" + ref.name + "' was skipped, so it has no outputs");
      }
      const Json* output = scope.StepOutput(ref.name);
      if (output == nullptr) {
        return Status::Failed(ref.text + ": step '" + ref.name + "' has no outputs (" +
                              (state.empty() ? std::string("it has not run") : "it " + state) + ")");
      }
      return Walk(*output, ref, [&] { return ref.name + ".output"; });
    }
  }
  return Status::Internal("unreachable reference root");
}

Result<Json> ValueTemplate::RenderExcept(const RenderScope& scope,
                                         const std::vector<std::string>& skip) const {
  if (skip.empty()) return Render(scope);
  if (kind_ == Kind::kLiteral && literal_.is_object()) {
    Json copy = literal_;
    for (const std::string& key : skip) copy.erase(key);
    return copy;
  }
  if (kind_ != Kind::kObject) return Render(scope);
  Json object = Json::object();
  for (const auto& [key, member] : members_) {
    if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
    Result<Json> value = member.Render(scope);
    if (!value.ok()) return value.status();
    object[key] = std::move(*value);
  }
  return object;
}

Result<Json> ValueTemplate::Render(const RenderScope& scope) const {
  switch (kind_) {
    case Kind::kLiteral: return literal_;
    case Kind::kReference: return ResolveReference(*reference_, scope);
    case Kind::kText: {
      std::string text;
      for (const Piece& piece : pieces_) {
        if (!piece.reference) {
          text += piece.literal;
          continue;
        }
        Result<Json> value = ResolveReference(*piece.reference, scope);
        if (!value.ok()) return value.status();
        text += AsText(*value);
      }
      return Json(std::move(text));
    }
    case Kind::kObject: {
      Json object = Json::object();
      for (const auto& [key, member] : members_) {
        Result<Json> value = member.Render(scope);
        if (!value.ok()) return value.status();
        object[key] = std::move(*value);
      }
      return object;
    }
    case Kind::kArray: {
      Json array = Json::array();
      for (const ValueTemplate& item : items_) {
        Result<Json> value = item.Render(scope);
        if (!value.ok()) return value.status();
        array.push_back(std::move(*value));
      }
      return array;
    }
  }
  return Status::Internal("unreachable template kind");
}

}  // namespace wf

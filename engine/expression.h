// Expressions: `${...}` references inside workflow values, parsed once when a
// workflow is loaded and rendered at each run.
//
//   ${workflow.input.X}       a workflow input
//   ${workflow.variables.X}   a workflow variable (set by an earlier step's `set:`)
//   ${workflow.secrets.X}     a secret (environment variable X or --secrets-file)
//   ${STEP.output.PATH}       an earlier step's output; PATH is dotted, with [n]
//   ${STEP.status}            "succeeded", "failed" or "skipped"
//   ${STEP.error}             the step's error object, or null when it succeeded
//
// A value that is exactly one expression keeps its JSON type; inside a longer
// string it is rendered as text (strings as they are, anything else as compact
// JSON). `$${` is a literal `${`. Rendered values are data: text that comes out
// of an input, variable, secret or response is never evaluated again.
#ifndef WF_ENGINE_EXPRESSION_H_
#define WF_ENGINE_EXPRESSION_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace wf {

struct PathElement {
  std::string key;     // set for .key
  long long index = -1;  // set (>= 0) for [n]
};

struct Reference {
  enum class Root { kInput, kVariable, kSecret, kStepOutput, kStepStatus, kStepError };
  Root root = Root::kInput;
  std::string name;                // input, variable or secret name, or step id
  std::vector<PathElement> path;   // after the name (or after `output`)
  std::string text;                // as written, e.g. "${open.output.id}"
};

// What a render can see. Step states: "succeeded", "failed", "skipped".
class RenderScope {
 public:
  virtual ~RenderScope() = default;
  virtual const Json* Input(const std::string& name) const = 0;
  virtual const Json* Variable(const std::string& name) const = 0;
  // Returns false when there is no such secret.
  virtual bool Secret(const std::string& name, std::string* value) const = 0;
  // nullptr when the step has not run.
  virtual const Json* StepOutput(const std::string& step) const = 0;
  virtual std::string StepState(const std::string& step) const = 0;
  virtual const Json* StepError(const std::string& step) const = 0;
};

// A parsed value: a literal, one whole reference, a string with references in
// it, or an object / array of such values. Immutable; cheap to render.
class ValueTemplate {
 public:
  enum class Kind { kLiteral, kReference, kText, kObject, kArray };

  static ValueTemplate Literal(Json value);

  // Parses `${...}` in every string of `value`. Errors name `where` (for example
  // "file.yaml:3:9") and the column offset inside the string.
  struct ParseError { std::string path; size_t offset; std::string message; };
  static ValueTemplate Parse(const Json& value, std::vector<ParseError>* errors,
                             const std::string& path = "");

  bool IsConstant() const { return kind_ == Kind::kLiteral; }

  // Every reference inside, in order.
  void CollectReferences(std::vector<const Reference*>* out) const;

  // Renders against a scope. A reference that does not resolve is an error
  // that names the expression and the part of the path that is missing.
  Result<Json> Render(const RenderScope& scope) const;
  // Same, leaving out the top-level members named in `skip` (values that an
  // override replaces, such as the sandbox's access_token, are not rendered).
  Result<Json> RenderExcept(const RenderScope& scope, const std::vector<std::string>& skip) const;

 private:
  struct Piece {
    std::string literal;
    std::shared_ptr<Reference> reference;  // null for literal text
  };

  Kind kind_ = Kind::kLiteral;
  Json literal_;
  std::shared_ptr<Reference> reference_;
  std::vector<Piece> pieces_;
  std::vector<std::pair<std::string, ValueTemplate>> members_;  // object
  std::vector<ValueTemplate> items_;                            // array
};

// Parses the inside of one `${...}` (without the braces), e.g. "a.output.b[0]".
Result<Reference> ParseReference(const std::string& inside);

// Resolves a reference against a scope.
Result<Json> ResolveReference(const Reference& reference, const RenderScope& scope);

// Splits a string into literal text and references; `$${` is a literal `${`.
// On error, `error_offset` is the byte offset of the offending `${`.
struct TextPart {
  std::string literal;
  std::shared_ptr<Reference> reference;
  size_t offset = 0;  // byte offset of the reference's `${` in the text
};
Status SplitTemplate(const std::string& text, std::vector<TextPart>* parts, size_t* error_offset);

}  // namespace wf

#endif  // WF_ENGINE_EXPRESSION_H_

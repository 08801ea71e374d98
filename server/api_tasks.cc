// The catalog and test-request endpoints of the editor's API.
#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "base/ascii.h"
#include "engine/test_request.h"
#include "http/url.h"
#include "server/api_handlers.h"
#include "server/api_security.h"

namespace wf {
namespace {


// The built-in http task reaches whatever URL it is given, so the editor only
// previews it; every other task is sent only to its own hosts.
bool Testable(const TaskType& task) { return !(task.source() == "built-in" && task.id() == "http"); }

Json CatalogEntry(const TaskType& task) {
  const Json& d = task.Describe();
  return Json{{"id", task.id()},
              {"title", task.title()},
              {"category", d.value("category", "")},
              {"summary", d.value("summary", "")},
              {"tags", d.value("tags", Json::array())},
              {"source", task.source()},
              {"available", true},
              {"testable", Testable(task)}};
}

// 0 when some word of `query` is missing; higher is a better match.
int MatchScore(const Json& entry, const std::vector<std::string>& words) {
  std::string id = LowerAscii(entry["id"].get<std::string>());
  std::string title = LowerAscii(entry["title"].get<std::string>());
  std::string rest = LowerAscii(entry["category"].get<std::string>() + " " + entry["summary"].get<std::string>());
  for (const Json& tag : entry["tags"]) rest += " " + LowerAscii(tag.is_string() ? tag.get<std::string>() : "");
  int score = 1;
  for (const std::string& word : words) {
    if (title.rfind(word, 0) == 0 || id.rfind(word, 0) == 0) {
      score += 8;
    } else if (title.find(word) != std::string::npos || id.find(word) != std::string::npos) {
      score += 4;
    } else if (rest.find(word) != std::string::npos) {
      score += 1;
    } else {
      return 0;
    }
  }
  return score;
}

std::string OriginOf(const std::string& url) {
  Result<Url> parsed = ParseUrl(url);
  return parsed.ok() ? parsed->Origin() : "";
}

// The sandbox's override without its base_url, so that a dry run shows where
// the person's own base_url (or region) would send the request.
std::vector<StepOverride> WithoutBaseUrl(std::vector<StepOverride> overrides) {
  for (StepOverride& o : overrides) o.values.erase("base_url");
  return overrides;
}

Json RefusedTarget(const std::string& where, const std::vector<std::string>& allowed,
                   const Json& with) {
  std::string list;
  for (const std::string& origin : allowed) list += (list.empty() ? "" : ", ") + origin;
  std::string message = "the editor only sends test requests to this task's own hosts (" + list +
                        "); '" + UrlForMessage(where) +
                        "' is not one of them, so nothing was sent. Start wf serve with "
                        "--intercom-base-url to allow another base URL";
  std::string path = with.is_object() && with.contains("base_url") ? "base_url" : "";
  return Json{{"error", message},
              {"errors", Json::array({{{"path", path}, {"message", message}}})}};
}

}  // namespace

ApiReply ErrorReply(int status, const std::string& message) {
  return ApiReply{status, Json{{"error", message}}};
}

std::vector<std::string> AllowedTestOrigins(const ApiContext& context, const TaskType& task) {
  std::vector<std::string> origins;
  auto add = [&](const std::string& url) {
    std::string origin = OriginOf(url);
    if (!origin.empty() && std::find(origins.begin(), origins.end(), origin) == origins.end()) {
      origins.push_back(origin);
    }
  };
  const Json& request = task.Describe().value("request", Json::object());
  if (request.is_object() && request.contains("base_urls") && request["base_urls"].is_object()) {
    for (const auto& [region, url] : request["base_urls"].items()) {
      if (url.is_string()) add(url.get<std::string>());
    }
  }
  if (Testable(task)) {
    if (!context.sandbox_url.empty()) add(context.sandbox_url);
    if (!context.intercom_base_url.empty()) add(context.intercom_base_url);
  }
  return origins;
}

ApiReply ListTasksReply(const ApiContext& context, const std::string& query) {
  std::vector<std::string> words;
  std::istringstream split(LowerAscii(query));
  for (std::string word; split >> word;) words.push_back(word);
  std::vector<std::pair<int, Json>> found;
  std::set<std::string> listed;
  for (const TaskType* task : context.registry->List()) {
    Json entry = CatalogEntry(*task);
    listed.insert(task->id());
    if (int score = MatchScore(entry, words)) found.emplace_back(score, entry);
  }
  // Tasks a manifest declares but whose plugin could not be loaded, with why.
  for (const Manifest& manifest : context.registry->manifests()) {
    for (const ManifestTask& declared : manifest.tasks) {
      if (!listed.insert(declared.id).second) continue;
      Json entry = {{"id", declared.id}, {"title", declared.title}, {"category", declared.category},
                    {"summary", ""}, {"tags", Json::array()}, {"source", manifest.name},
                    {"available", false}, {"testable", false},
                    {"reason", context.registry->Missing(declared.id)}};
      if (int score = MatchScore(entry, words)) found.emplace_back(score, entry);
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const std::pair<int, Json>& a, const std::pair<int, Json>& b) {
    if (a.first != b.first) return a.first > b.first;
    if (a.second["available"] != b.second["available"]) return a.second["available"].get<bool>();
    // Plugin tasks, the ones people come to find, before the built-ins.
    bool a_builtin = a.second["source"] == "built-in", b_builtin = b.second["source"] == "built-in";
    if (a_builtin != b_builtin) return b_builtin;
    return a.second["title"].get<std::string>() < b.second["title"].get<std::string>();
  });
  Json tasks = Json::array();
  for (auto& [score, entry] : found) tasks.push_back(std::move(entry));
  return {200, Json{{"tasks", tasks}, {"query", query}}};
}

ApiReply DescribeTaskReply(const ApiContext& context, const std::string& id) {
  const TaskType* task = context.registry->Find(id);
  if (task == nullptr) return ErrorReply(404, context.registry->Missing(id));
  Json described = task->Describe();
  described["source"] = task->source();
  described["testable"] = Testable(*task);
  described["allowed_origins"] = AllowedTestOrigins(context, *task);
  return {200, described};
}

ApiReply TestRequestReply(const ApiContext& context, const Json& body) {
  if (!body.is_object() || !body.contains("task") || !body["task"].is_string()) {
    return ErrorReply(400, "the body must be a JSON object with \"task\" (a task id), \"with\", "
                           "\"dry_run\" and \"stand_ins\"");
  }
  const std::string task_id = body["task"].get<std::string>();
  const Json with = body.value("with", Json::object());
  const Json stand_ins = body.value("stand_ins", Json::object());
  const Json dry_run = body.value("dry_run", Json(false));
  if (!with.is_object()) return ErrorReply(400, "\"with\" must be an object of input values");
  if (!stand_ins.is_object()) {
    return ErrorReply(400, "\"stand_ins\" must be an object: {\"input\": {...}, \"variables\": {...}, "
                           "\"steps\": {...}}");
  }
  if (!dry_run.is_boolean()) return ErrorReply(400, "\"dry_run\" must be true or false");
  const TaskType* task = context.registry->Find(task_id);
  if (task == nullptr) return ErrorReply(404, context.registry->Missing(task_id));
  if (!dry_run.get<bool>() && !Testable(*task)) {
    return ErrorReply(403, "the built-in '" + task_id + "' task can reach any URL, so the editor "
                           "only previews it; run it in a workflow instead");
  }

  TestRequestOptions options;
  options.dry_run = true;
  options.secrets = context.secrets;
  options.client = context.client;
  options.stand_ins = stand_ins;
  options.sandbox_url = context.sandbox_url;
  const std::vector<std::string> allowed = AllowedTestOrigins(context, *task);

  // Where would the person's own inputs send it? Prepare without sending,
  // with the sandbox's base_url left out, and check the origin.
  options.overrides = WithoutBaseUrl(context.overrides);
  Json where = RunTestRequest(*context.registry, task_id, with, options);
  std::string target = where["request"].is_object() ? where["request"].value("url", "") : "";
  bool target_allowed = !target.empty() &&
                        std::find(allowed.begin(), allowed.end(), OriginOf(target)) != allowed.end();
  if (!dry_run.get<bool>()) {
    if (where.value("state", "") == "invalid") {
      where["dry_run"] = false;
      return {422, where};
    }
    if (!target_allowed) return {403, RefusedTarget(target, allowed, with)};
  }

  options.dry_run = dry_run.get<bool>();
  options.overrides = context.overrides;
  Json result = RunTestRequest(*context.registry, task_id, with, options);
  if (options.dry_run && !target_allowed && !target.empty() && Testable(*task)) {
    result["warnings"].push_back(
        {{"path", with.contains("base_url") ? "base_url" : ""},
         {"message", "Test request will refuse to send this: '" + UrlForMessage(target) +
                         "' is not one of this task's own hosts"}});
  }
  return {result.value("state", "") == "invalid" ? 422 : 200, result};
}

}  // namespace wf

// The /__sandbox/ routes: no token, no rate limit, no faults, not logged. They
// let tests and users look inside a sandbox and steer it from another process.
#include "sandbox/server_state.h"

namespace wf::sandbox {

namespace {

void WriteJson(httplib::Response& response, const nlohmann::json& body) {
  WriteAnswer(response, {200, body});
}

}  // namespace

void ServerState::RegisterInspectionRoutes(httplib::Server& http) {
  http.Get("/__sandbox/health", [](const httplib::Request&, httplib::Response& response) {
    WriteJson(response, {{"status", "ok"}});
  });
  http.Get("/__sandbox/requests", [this](const httplib::Request&, httplib::Response& response) {
    WriteJson(response, Requests());
  });
  http.Get("/__sandbox/conversations",
           [this](const httplib::Request&, httplib::Response& response) {
             WriteJson(response, Conversations());
           });
  http.Get("/__sandbox/contacts", [this](const httplib::Request&, httplib::Response& response) {
    WriteJson(response, Contacts());
  });
  http.Post("/__sandbox/reset", [this](const httplib::Request&, httplib::Response& response) {
    Reset();
    WriteJson(response, {{"reset", true}});
  });
  http.Get("/__sandbox/faults", [this](const httplib::Request&, httplib::Response& response) {
    std::lock_guard<std::mutex> lock(mutex_);
    WriteJson(response, FaultsToJson(faults_.faults()));
  });
  http.Post("/__sandbox/faults",
            [this](const httplib::Request& request, httplib::Response& response) {
              const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
              Faults faults;
              std::string problem;
              if (body.is_discarded()) {
                problem = "The request body is not valid JSON";
              } else if (!FaultsFromJson(body, &faults, &problem)) {
                problem = "faults: " + problem;
              }
              if (!problem.empty()) {
                WriteAnswer(response, ErrorAnswer(400, {{"parameter_invalid", problem, ""}}));
                return;
              }
              SetFaults(faults);
              WriteJson(response, FaultsToJson(faults));
            });
}

}  // namespace wf::sandbox

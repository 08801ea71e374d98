#include "server/api_server.h"

#include <httplib.h>

#include <chrono>
#include <thread>

#include "engine/journal.h"
#include "http/url.h"
#include "server/api_handlers.h"
#include "server/api_security.h"
#include "server/editor_assets.h"

namespace wf {
namespace {

constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;
constexpr const char* kCsrfPlaceholder = "{{WF_CSRF_TOKEN}}";

void SetCommonHeaders(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

std::string HostForUrl(const std::string& host) {
  if (host == "0.0.0.0" || host == "::" || host.empty()) return "127.0.0.1";
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

struct ApiServer::Impl {
  httplib::Server http;
  std::thread thread;
  std::unique_ptr<RequestGuard> guard;
  HttpClient client;
  RateLimiter limiter;
  std::unique_ptr<Journal> journal;
  std::mutex files_mutex;
  ApiContext context;
  const Redactor* redactor = nullptr;
  std::string editor_dir;

  void Send(httplib::Response& res, const ApiReply& reply) {
    res.status = reply.status;
    res.set_content(DumpJson(redactor->Redact(reply.body), 2), "application/json; charset=utf-8");
  }

  // Parses a JSON body; on failure answers 400 and returns false.
  bool ParseBody(const httplib::Request& req, httplib::Response& res, Json* body) {
    if (req.body.empty()) {
      *body = Json::object();
      return true;
    }
    Result<Json> parsed = ParseJson(req.body, "the request body");
    if (!parsed.ok()) {
      Send(res, ErrorReply(400, parsed.status().message()));
      return false;
    }
    *body = std::move(*parsed);
    return true;
  }

  void ServePage(const httplib::Request& req, httplib::Response& res) {
    // Opened as /?token=T: keep the token in a cookie for the page's own
    // requests and drop it from the address bar.
    if (!guard->api_token().empty() && req.has_param("token")) {
      res.set_header("Set-Cookie", std::string(kTokenCookie) + "=" + guard->api_token() +
                                       "; Path=/; HttpOnly; SameSite=Strict");
      res.set_redirect("/", 303);
      return;
    }
    std::optional<EditorAsset> page = FindEditorAsset("index.html", editor_dir);
    if (!page) {
      Send(res, ErrorReply(500, "the editor page is missing (index.html)"));
      return;
    }
    std::string html = page->content;
    for (size_t at; (at = html.find(kCsrfPlaceholder)) != std::string::npos;) {
      html.replace(at, std::string(kCsrfPlaceholder).size(), guard->csrf_token());
    }
    res.set_content(html, page->content_type);
  }

  void ServeAsset(const std::string& name, httplib::Response& res) {
    std::optional<EditorAsset> asset = FindEditorAsset(name, editor_dir);
    if (!asset || name == "index.html") {
      Send(res, ErrorReply(404, "no such file: /" + name));
      return;
    }
    res.set_content(asset->content, asset->content_type);
  }

  Json Session() const {
    return Json{{"csrf_token", guard->csrf_token()},
                {"csrf_header", kCsrfHeader},
                {"sandbox", context.sandbox_url.empty() ? Json(nullptr) : Json(context.sandbox_url)},
                {"intercom_base_url",
                 context.intercom_base_url.empty() ? Json(nullptr) : Json(context.intercom_base_url)},
                {"workflows_dir", context.workflows_dir},
                {"journal", journal ? Json(journal->path()) : Json(nullptr)},
                {"token_required", !guard->api_token().empty()},
                {"overrides", Overrides()}};
  }

  // What the sandbox replaces in each test request (names only, no values).
  Json Overrides() const {
    Json list = Json::array();
    for (const StepOverride& o : context.overrides) {
      Json keys = Json::array();
      for (const auto& [key, value] : o.values.items()) keys.push_back(key);
      for (const std::string& key : o.remove) keys.push_back(key);
      list.push_back({{"task_prefix", o.task_prefix}, {"keys", keys}});
    }
    return list;
  }

  void RegisterRoutes();
};

void ApiServer::Impl::RegisterRoutes() {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  http.Get("/", [this](Req req, Res res) { ServePage(req, res); });
  http.Get(R"(/([A-Za-z0-9_-]+\.(css|js|svg|png)))", [this](Req req, Res res) { ServeAsset(req.matches[1], res); });
  http.Get("/favicon.ico", [this](Req, Res res) { ServeAsset("favicon.svg", res); });
  http.Get("/api/session", [this](Req, Res res) { Send(res, {200, Session()}); });
  http.Get("/api/tasks", [this](Req req, Res res) {
    Send(res, ListTasksReply(context, req.get_param_value("q")));
  });
  http.Get(R"(/api/tasks/(.+))", [this](Req req, Res res) {
    Send(res, DescribeTaskReply(context, req.matches[1]));
  });
  http.Post("/api/test-request", [this](Req req, Res res) {
    Json body;
    if (ParseBody(req, res, &body)) Send(res, TestRequestReply(context, body));
  });
  http.Get("/api/workflows", [this](Req, Res res) { Send(res, ListWorkflowsReply(context)); });
  http.Get(R"(/api/workflows/(.*))", [this](Req req, Res res) {
    Send(res, ReadWorkflowReply(context, req.matches[1]));
  });
  http.Put(R"(/api/workflows/(.*))", [this](Req req, Res res) {
    Json body;
    if (ParseBody(req, res, &body)) Send(res, SaveWorkflowReply(context, req.matches[1], body));
  });
  http.Post(R"(/api/workflows/(.*)/steps)", [this](Req req, Res res) {
    Send(res, AddStepReply(context, req.matches[1], req.body));
  });
  http.Post(R"(/api/workflows/(.*)/runs)", [this](Req req, Res res) {
    Json body;
    if (ParseBody(req, res, &body)) Send(res, RunWorkflowReply(context, req.matches[1], body));
  });

  http.set_pre_routing_handler([this](Req req, Res res) {
    SetCommonHeaders(res);
    GuardedRequest seen{req.method,
                        req.get_header_value("Host"),
                        req.get_header_value("Origin"),
                        req.get_header_value(kCsrfHeader),
                        req.get_header_value("Authorization"),
                        req.get_header_value("Cookie"),
                        req.path == "/" ? req.get_param_value("token") : ""};
    GuardVerdict verdict = guard->Check(seen);
    if (verdict.ok()) return httplib::Server::HandlerResponse::Unhandled;
    Send(res, ErrorReply(verdict.status, verdict.error));
    return httplib::Server::HandlerResponse::Handled;
  });
  // Unrouted paths and methods get a JSON error too (httplib leaves the body empty).
  http.set_error_handler(httplib::Server::HandlerWithResponse([this](Req req, Res res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string what = res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                         : "the request failed (HTTP " + std::to_string(res.status) + ")";
    Send(res, ErrorReply(res.status, what));
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler([this](Req, Res res, std::exception_ptr error) {
    std::string what = "internal error";
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what += std::string(": ") + e.what();
    } catch (...) {
    }
    Send(res, ErrorReply(500, what));
  });
}

ApiServer::ApiServer(const TaskRegistry& registry, const Secrets& secrets, ApiServerOptions options)
    : registry_(registry), secrets_(secrets), options_(std::move(options)) {}

ApiServer::~ApiServer() { Stop(); }

std::string ApiServer::url() const {
  return "http://" + HostForUrl(options_.host) + ":" + std::to_string(port_) + "/";
}

const std::string& ApiServer::csrf_token() const {
  static const std::string kNone;
  return impl_ && impl_->guard ? impl_->guard->csrf_token() : kNone;
}

Status ApiServer::Start() {
  if (impl_) return Status::Invalid("the server is already started");
  if (!IsLoopbackHost(options_.host) && options_.api_token.empty()) {
    return Status::Invalid("--host " + options_.host + " is not a loopback address: other machines "
                           "could reach the server, so it needs an API token (--api-token)");
  }
  if (!options_.api_token.empty() && options_.api_token.size() < 16) {
    return Status::Invalid("the API token is too short: use at least 16 characters");
  }
  if (!options_.intercom_base_url.empty()) {
    Result<Url> parsed = ParseUrl(options_.intercom_base_url);
    if (!parsed.ok()) return Status::Invalid("--intercom-base-url: " + parsed.status().message());
  }
  auto impl = std::make_unique<Impl>();
  if (!options_.journal_path.empty()) {
    Result<std::unique_ptr<Journal>> journal = Journal::Open(options_.journal_path);
    if (!journal.ok()) return journal.status();
    impl->journal = std::move(*journal);
  }
  impl->redactor = &secrets_.redactor();
  impl->editor_dir = options_.editor_dir;
  ApiContext& context = impl->context;
  context.registry = &registry_;
  context.secrets = &secrets_;
  context.client = &impl->client;
  context.limiter = &impl->limiter;
  context.journal = impl->journal.get();
  context.workflows_dir = options_.workflows_dir;
  context.intercom_base_url = options_.intercom_base_url;
  context.files_mutex = &impl->files_mutex;
  context.overrides = options_.overrides;
  context.sandbox_url = options_.sandbox_url;

  httplib::Server& http = impl->http;
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(1000);
  http.set_payload_max_length(kMaxBodyBytes);
  // httplib's default adds SO_REUSEPORT, which lets a second server bind the
  // same port and silently share its connections (the page from one, the API
  // calls with the other's CSRF token); a taken port must be an error.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  int port = options_.port;
  if (port == 0) {
    port = http.bind_to_any_port(options_.host);
  } else if (!http.bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return Status::Unavailable("cannot listen on " + HostForUrl(options_.host) + ":" +
                               std::to_string(options_.port) + " (the port is taken or the address is not "
                               "this machine's); choose another with --port");
  }
  port_ = port;
  impl->guard = std::make_unique<RequestGuard>(options_.host, port_, options_.api_token);
  impl->RegisterRoutes();
  impl->thread = std::thread([&http] { http.listen_after_bind(); });
  impl_ = std::move(impl);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!impl_->http.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      Stop();
      return Status::Unavailable("the editor server did not start within 5 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return Status::Ok();
}

void ApiServer::Stop() {
  if (!impl_) return;
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_.reset();
}

}  // namespace wf

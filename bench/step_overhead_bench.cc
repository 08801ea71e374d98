// Benchmark: what one intercom.create_conversation step costs in the engine
// (render, prepare through the plugin ABI, send over a keep-alive loopback
// connection, interpret, map into variables) against a bare cpp-httplib POST
// of the same bytes to the same server, in one process and one run.
//
//   build/bin/wf_bench [--iterations N] [--rounds R] [--steps K]
//
// Each engine iteration is one run of a workflow of K create steps (default
// 1: the whole run, start to finish, is charged to its one step; with more,
// the run's own setup is shared). Prints per-request medians in µs, the
// ratio, and the engine's overhead per step. The server answers a fixed Message, so its own cost is the same for
// both paths and cancels out of the difference.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "engine/call_task.h"
#include "engine/executor.h"
#include "engine/task_registry.h"
#include "engine/workflow_loader.h"
#include "http/rate_limiter.h"

namespace {

using Clock = std::chrono::steady_clock;

const char* kAnswer =
    R"({"type":"user_message","id":"403918075","created_at":1736201609,"body":"Hello there",)"
    R"("message_type":"inapp","conversation_id":"33"})";

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 2000;
  int rounds = 7;
  int steps = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--iterations") iterations = std::max(10, std::atoi(argv[i + 1]));
    if (flag == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
    if (flag == "--steps") steps = std::max(1, std::atoi(argv[i + 1]));
  }

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.Post("/conversations", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kAnswer, "application/json");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::string base_url = "http://127.0.0.1:" + std::to_string(port);

  std::unique_ptr<wf::TaskRegistry> registry = wf::TaskRegistry::LoadDefault();
  if (registry->Find("intercom.create_conversation") == nullptr) {
    std::fprintf(stderr, "wf_bench: the Intercom plugin is not loaded: %s\n",
                 registry->Missing("intercom.create_conversation").c_str());
    return 1;
  }
  std::string text =
      "name: bench\n"
      "inputs:\n  lead_id: { type: string, required: true }\n"
      "steps:\n";
  for (int k = 1; k <= steps; ++k) {
    std::string id = "open_" + std::to_string(k);
    text += "  - id: " + id + "\n"
            "    task: intercom.create_conversation\n"
            "    with:\n"
            "      from: { type: lead, id: \"${workflow.input.lead_id}\" }\n"
            "      body: \"Hello there\"\n"
            "      base_url: \"" + base_url + "\"\n"
            "      access_token: \"${workflow.secrets.BENCH_TOKEN}\"\n"
            "    set:\n      conversation_id: \"${" + id + ".output.conversation_id}\"\n";
  }
  text += "outputs:\n  conversation_id: \"${workflow.variables.conversation_id}\"\n";
  wf::Result<wf::Workflow> workflow = wf::LoadWorkflowText(text, "bench.yaml", *registry);
  if (!workflow.ok()) {
    std::fprintf(stderr, "wf_bench: %s\n", workflow.status().message().c_str());
    return 1;
  }
  wf::Secrets secrets;
  secrets.Set("BENCH_TOKEN", "bench-token-0123456789");
  wf::HttpClient client;
  wf::RateLimiter limiter(100000000);  // in the path, never binding
  wf::RunOptions options;
  options.inputs = {{"lead_id", "6762f0a21bb69f9f2193bb11"}};
  options.secrets = &secrets;
  options.client = &client;
  options.limiter = &limiter;

  // The exact request the engine sends, for the bare client.
  const wf::TaskType* task = registry->Find("intercom.create_conversation");
  wf::Json prepared = task->Prepare({{"from", {{"type", "lead"}, {"id", "6762f0a21bb69f9f2193bb11"}}},
                                     {"body", "Hello there"}, {"base_url", base_url},
                                     {"access_token", "bench-token-0123456789"}});
  wf::HttpRequest raw = wf::ToHttpRequest(prepared["request"]);
  httplib::Client bare("127.0.0.1", port);
  bare.set_tcp_nodelay(true);
  bare.set_keep_alive(true);
  httplib::Headers headers;
  std::string content_type = "application/json";
  for (const auto& [name, value] : raw.headers) {
    if (name == "Content-Type") continue;  // httplib sets it from the argument
    headers.emplace(name, value);
  }

  const int runs = std::max(1, iterations / steps);  // about `iterations` steps per round
  auto engine_round = [&] {
    Clock::time_point start = Clock::now();
    for (int i = 0; i < runs; ++i) {
      wf::RunResult result = wf::RunWorkflow(*workflow, options);
      if (!result.status.ok()) {
        std::fprintf(stderr, "wf_bench: run failed: %s\n", result.status.message().c_str());
        std::exit(1);
      }
    }
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / (runs * steps);
  };
  auto bare_round = [&] {
    Clock::time_point start = Clock::now();
    for (int i = 0; i < iterations; ++i) {
      httplib::Result res = bare.Post("/conversations", headers, raw.body, content_type.c_str());
      if (!res || res->status != 200) {
        std::fprintf(stderr, "wf_bench: bare POST failed\n");
        std::exit(1);
      }
    }
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / iterations;
  };

  engine_round();  // warm up both paths and their connections
  bare_round();
  std::vector<double> engine_us, bare_us;
  for (int r = 0; r < rounds; ++r) {  // interleaved, so drift hits both alike
    bare_us.push_back(bare_round());
    engine_us.push_back(engine_round());
  }
  double engine = Median(engine_us);
  double plain = Median(bare_us);
  std::printf("iterations per round: %d, rounds: %d, create steps per run: %d\n", iterations, rounds,
              steps);
  std::printf("bare cpp-httplib POST:        %8.1f us per request (median of rounds)\n", plain);
  std::printf("engine step (whole workflow): %8.1f us per step\n", engine);  // run time / steps
  std::printf("ratio engine / bare:          %8.3f\n", engine / plain);
  std::printf("engine overhead per step:     %8.1f us\n", engine - plain);
  server.stop();
  thread.join();
  return 0;
}

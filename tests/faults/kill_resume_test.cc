// Kill and resume: `wf run` is killed with SIGKILL at many points of a run of
// three chained creates against `wf sandbox` (a process of its own, with
// latency so that kills land during sends too), then resumed until it is
// done, deciding each step the journal shows as sending or unknown the way a
// user would: by looking in the target system. Whatever the kill point, every
// conversation exists exactly once and no finished step's outputs are lost.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/journal.h"
#include "faults/faults_support.h"

namespace wf {
namespace {

const std::string kWorkflow = test::kFaultsDir + "/workflows/three_conversations.yaml";
const std::vector<std::string> kSteps = {"first", "second", "third"};
const std::map<std::string, std::string> kEnv = {{"SANDBOX_TOKEN", "sandbox-token"}};
constexpr int kLatencyMs = 20;
// The longest a request a killed process left on its way can take to reach
// the sandbox: wf's read timeout (HttpOptions). Waiting stops much sooner,
// as soon as the sandbox is done with every connection (see Settle).
constexpr int kReadTimeoutMs = 30000;

// The connections to 127.0.0.1:`port` whose client has gone but which the
// server has not finished with (TCP state CLOSE_WAIT), from /proc/net/tcp.
int ConnectionsLeftBehind(int port) {
  std::ifstream table("/proc/net/tcp");
  std::string line;
  std::getline(table, line);  // the heading
  char wanted[16];
  std::snprintf(wanted, sizeof wanted, ":%04X", port);
  int left = 0;
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    if (local.size() > 5 && local.substr(local.size() - 5) == wanted && state == "08") ++left;
  }
  return left;
}

// Where a run is killed: after `after_ms`, or as soon as the journal shows
// step `step` in `state`. With `resume_kill_ms`, the first resume is killed too.
struct KillPoint {
  std::string name;
  long long after_ms = -1;
  int step = -1;
  std::string state;
  long long resume_kill_ms = -1;
};

struct Tally {
  int points = 0;
  int killed = 0;          // the run was still going when killed
  int no_run = 0;          // killed before the journal recorded the run
  int set_output = 0;      // a step found in the sandbox: resumed with its outputs
  int retried = 0;         // a step not found: sent again
  int stops_checked = 0;   // resume without a decision stopped and sent nothing
  int resume_kills = 0;
  int resumes = 0;
  int settle_timeouts = 0;  // the sandbox was still busy when a read timeout had passed
};

// Whether `body` is the body step `step` sends in the run tagged `tag`.
bool IsBodyOf(const std::string& step, const std::string& tag, const std::string& body) {
  if (step == "first") return body == "first " + tag;
  return body.rfind(step + " " + tag + " after ", 0) == 0;
}

test::WfOptions WithToken() {
  test::WfOptions options;
  options.env = kEnv;
  return options;
}

class KillResume {
 public:
  KillResume(test::SandboxProcess* sandbox, Tally* tally) : sandbox_(*sandbox), tally_(*tally) {}

  void Run(const KillPoint& point, int number) {
    INFO("kill point " << number << ": " << point.name);
    sandbox_.Reset();
    test::TempDir dir;
    const std::string journal = dir.File("runs.db");
    const std::string tag = "k" + std::to_string(number);
    {
      test::WfChild child(RunArgs(journal, tag), kEnv, dir.File("run"));
      KillWhen(point, &child, journal);
      int status = child.Wait();
      INFO(child.Err());
      CHECK((status == -SIGKILL || status == 0));
      if (status == -SIGKILL) ++tally_.killed;
    }
    Settle();
    std::unique_ptr<Journal> opened = OpenJournal(journal);
    std::string id = RunIdOrStartAgain(*opened, journal, tag);
    ResumeUntilDone(*opened, journal, id, tag, point);
    CheckNothingDuplicatedNothingLost(*opened, id, tag);
    ++tally_.points;
  }

 private:
  // After a kill, decides nothing until the sandbox has seen every request
  // the killed process sent, as a careful person would: until it has
  // finished with every connection whose client is gone and its request
  // count holds still, or until a request's read timeout has passed.
  void Settle() {
    const int port = std::stoi(sandbox_.url().substr(sandbox_.url().rfind(':') + 1));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kReadTimeoutMs);
    size_t count = sandbox_.Requests().size();
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      size_t now = sandbox_.Requests().size();
      if (now == count && ConnectionsLeftBehind(port) == 0) return;
      count = now;
    }
    ++tally_.settle_timeouts;
  }

  std::vector<std::string> RunArgs(const std::string& journal, const std::string& tag) const {
    return {"run", kWorkflow, "--input", "base_url=" + sandbox_.url(), "--input", "tag=" + tag,
            "--journal", journal};
  }

  static std::unique_ptr<Journal> OpenJournal(const std::string& path) {
    Result<std::unique_ptr<Journal>> journal = Journal::Open(path);
    INFO(journal.status().message());
    REQUIRE(journal.ok());
    return std::move(*journal);
  }

  void KillWhen(const KillPoint& point, test::WfChild* child, const std::string& journal_path) {
    if (point.after_ms >= 0) {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(point.after_ms);
      while (child->Running()) {
        if (std::chrono::steady_clock::now() >= deadline) {
          child->Kill();
          return;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      return;
    }
    // Kill as soon as the journal shows the step in the state wanted.
    std::unique_ptr<Journal> journal;
    while (child->Running()) {
      if (!journal && std::filesystem::exists(journal_path)) journal = OpenJournal(journal_path);
      if (journal && StepIs(*journal, point.step, point.state)) {
        child->Kill();
        return;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }

  static bool StepIs(Journal& journal, int index, const std::string& state) {
    Result<std::vector<JournalRun>> runs = journal.ListRuns(1);
    if (!runs.ok() || runs->empty()) return false;
    Result<JournalRun> run = journal.LoadRun((*runs)[0].id);
    if (!run.ok()) return false;
    for (const JournalStep& step : run->steps) {
      if (step.index == index) return step.state == state;
    }
    return false;
  }

  // The run the killed process recorded; when it died before recording one,
  // nothing may have been sent, and the run starts again from scratch.
  std::string RunIdOrStartAgain(Journal& journal, const std::string& path, const std::string& tag) {
    Result<std::vector<JournalRun>> runs = journal.ListRuns();
    REQUIRE(runs.ok());
    if (runs->empty()) {
      ++tally_.no_run;
      CHECK(sandbox_.Requests().empty());
      test::WfResult again = test::RunWf(RunArgs(path, tag), WithToken());
      INFO(again.err);
      REQUIRE(again.exit_code == 0);
      runs = journal.ListRuns();
      REQUIRE(runs.ok());
    }
    REQUIRE(runs->size() == 1);
    return (*runs)[0].id;
  }

  // Every step the journal shows as succeeded has outputs naming the
  // conversation its request created.
  void CheckSucceededStepsExist(const JournalRun& run, const std::string& tag) {
    Json conversations = sandbox_.Conversations();
    for (const JournalStep& step : run.steps) {
      if (step.state != "succeeded") continue;
      INFO("step " << step.id << " outputs " << DumpJson(step.outputs));
      bool found = false;
      for (const Json& c : conversations) {
        if (c["id"] == step.outputs.value("conversation_id", Json()) && IsBodyOf(step.id, tag, c["body"])) {
          found = true;
          CHECK(c["message_id"] == step.outputs.value("message_id", Json()));
        }
      }
      CHECK(found);
    }
  }

  void ResumeUntilDone(Journal& journal, const std::string& path, const std::string& id,
                       const std::string& tag, const KillPoint& point) {
    bool stop_checked = false;
    for (int round = 0; round < 6; ++round) {
      Result<JournalRun> run = journal.LoadRun(id);
      REQUIRE(run.ok());
      CheckSucceededStepsExist(*run, tag);
      if (run->state == "succeeded") return;
      REQUIRE((run->state == "interrupted" || run->state == "failed"));
      std::vector<std::string> args = {"resume", id, "--journal", path};
      std::string undecided;
      for (const JournalStep& step : run->steps) {
        if (step.state != "sending" && step.state != "unknown") continue;
        undecided = step.id;
        Json found = Json::array();
        for (const Json& c : sandbox_.Conversations()) {
          if (IsBodyOf(step.id, tag, c["body"])) found.push_back(c);
        }
        REQUIRE(found.size() <= 1);
        if (found.size() == 1) {
          args.insert(args.end(), {"--set-output", step.id + ".conversation_id=" + found[0]["id"].get<std::string>(),
                                   "--set-output", step.id + ".message_id=" + found[0]["message_id"].get<std::string>()});
          ++tally_.set_output;
        } else {
          args.insert(args.end(), {"--retry-step", step.id});
          ++tally_.retried;
        }
      }
      if (!undecided.empty() && !stop_checked) {
        // Without a decision, a resume stops at that step and sends nothing.
        size_t before = sandbox_.Requests().size();
        test::WfResult stopped = test::RunWf({"resume", id, "--journal", path}, WithToken());
        CHECK(stopped.exit_code == 1);
        CHECK(stopped.err.find("wf: step '" + undecided + "' unknown: its request may have been sent "
                               "before the run stopped, so its outcome is unknown; check the target "
                               "system, then resume with --retry-step " + undecided) != std::string::npos);
        CHECK(stopped.err.find("`wf resume " + id + " --set-output " + undecided + ".NAME=VALUE`") !=
              std::string::npos);
        CHECK(sandbox_.Requests().size() == before);
        stop_checked = true;
        ++tally_.stops_checked;
      }
      ++tally_.resumes;
      if (round == 0 && point.resume_kill_ms >= 0) {
        test::TempDir dir;
        test::WfChild resume(args, kEnv, dir.File("resume"));
        test::SleepMs(point.resume_kill_ms);
        resume.Kill();
        int status = resume.Wait();
        INFO(resume.Err());
        CHECK((status == -SIGKILL || status == 0));
        ++tally_.resume_kills;
        Settle();
        continue;
      }
      test::WfResult resumed = test::RunWf(args, WithToken());
      INFO(DumpJson(Json(args)) << "\n" << resumed.err);
      REQUIRE(resumed.exit_code == 0);
    }
    FAIL("run " << id << " did not finish after 6 resumes");
  }

  void CheckNothingDuplicatedNothingLost(Journal& journal, const std::string& id, const std::string& tag) {
    Json conversations = sandbox_.Conversations();
    INFO(conversations.dump(1));
    CHECK(conversations.size() == 3);
    std::map<std::string, Json> by_step;
    for (const std::string& step : kSteps) {
      Json found = Json::array();
      for (const Json& c : conversations) {
        if (IsBodyOf(step, tag, c["body"])) found.push_back(c);
      }
      REQUIRE(found.size() == 1);  // exactly once: none missing, none duplicated
      by_step[step] = found[0];
    }
    // Each body names the conversation the step before created: the chain of
    // outputs survived every kill.
    CHECK(by_step["second"]["body"] == "second " + tag + " after " + by_step["first"]["id"].get<std::string>());
    CHECK(by_step["third"]["body"] == "third " + tag + " after " + by_step["second"]["id"].get<std::string>());
    Result<JournalRun> run = journal.LoadRun(id);
    REQUIRE(run.ok());
    CHECK(run->state == "succeeded");
    REQUIRE(run->steps.size() == 3);
    for (size_t i = 0; i < kSteps.size(); ++i) {
      CHECK(run->steps[i].state == "succeeded");
      CHECK(run->steps[i].outputs.value("conversation_id", Json()) == by_step[kSteps[i]]["id"]);
    }
    CHECK(run->outputs == Json{{"first", by_step["first"]["id"]},
                               {"second", by_step["second"]["id"]},
                               {"third", by_step["third"]["id"]},
                               {"third_message", by_step["third"]["message_id"]}});
  }

  test::SandboxProcess& sandbox_;
  Tally& tally_;
};

TEST_CASE("Killing wf run at any point and resuming never duplicates nor loses a conversation") {
  test::SandboxProcess sandbox({"--latency-ms", std::to_string(kLatencyMs)});
  Tally tally;
  KillResume test(&sandbox, &tally);

  // How long a whole run takes here, so that kills spread over all of it: the
  // fastest of three unkilled runs (the first pays for cold caches, and a
  // sanitizer build is slower), less a margin, so that late points still kill.
  constexpr int kMeasures = 3;
  long long whole_ms = 0;
  for (int m = 0; m < kMeasures; ++m) {
    auto start = std::chrono::steady_clock::now();
    KillPoint no_kill;
    no_kill.name = "no kill: measures the run";
    no_kill.after_ms = 5000;
    test.Run(no_kill, -m);
    long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start).count();
    whole_ms = m == 0 ? ms : std::min(whole_ms, ms);
  }
  REQUIRE(tally.killed == 0);
  long long span_ms = whole_ms * 8 / 10;

  std::vector<KillPoint> points;
  constexpr int kTimed = 56;
  for (int k = 0; k < kTimed; ++k) {
    KillPoint point;
    point.after_ms = k * std::max<long long>(span_ms, kTimed) / kTimed;
    point.name = "after " + std::to_string(point.after_ms) + " ms";
    if (k % 6 == 5) point.resume_kill_ms = 5 + (k % 4) * 15;
    if (point.resume_kill_ms >= 0) point.name += ", and the first resume after " +
                                                 std::to_string(point.resume_kill_ms) + " ms";
    points.push_back(point);
  }
  for (int repeat = 0; repeat < 2; ++repeat) {
    for (int step = 0; step < 3; ++step) {
      for (const char* state : {"sending", "succeeded"}) {
        points.push_back(KillPoint{"when step " + kSteps[step] + " is " + state, -1, step, state});
      }
    }
  }
  for (size_t i = 0; i < points.size(); ++i) test.Run(points[i], static_cast<int>(i) + 1);

  std::printf("kill-and-resume: %d kill points over a %lld ms run: %d killed (%d before the "
              "run was recorded); %d steps resumed with --set-output, %d with --retry-step; %d "
              "resumes (%d of them killed); %d undecided stops checked; %d waits for the sandbox "
              "reached the read timeout\n",
              tally.points - kMeasures, whole_ms, tally.killed, tally.no_run, tally.set_output, tally.retried,
              tally.resumes, tally.resume_kills, tally.stops_checked, tally.settle_timeouts);
  CHECK(tally.points == static_cast<int>(points.size()) + kMeasures);
  CHECK(tally.killed >= 50);
}

}  // namespace
}  // namespace wf

// The clocks every library reads: elapsed milliseconds for reports, and Unix
// time for what servers say (X-RateLimit-Reset, Date). Thread-safe.
#ifndef WF_BASE_CLOCK_H_
#define WF_BASE_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace wf {

using SteadyClock = std::chrono::steady_clock;

// Milliseconds (with fractions) since `start`, on the steady clock.
double MsSince(SteadyClock::time_point start);

// Now on the wall clock, as Unix seconds and as Unix milliseconds.
std::int64_t NowUnixSeconds();
std::int64_t NowUnixMs();

}  // namespace wf

#endif  // WF_BASE_CLOCK_H_

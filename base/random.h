// Random tokens and constant-time comparison, for CSRF and API tokens, file
// names of temporaries and ids. Thread-safe.
#ifndef WF_BASE_RANDOM_H_
#define WF_BASE_RANDOM_H_

#include <cstddef>
#include <string>

namespace wf {

// Random text of `bytes` random bytes, hex-encoded (from std::random_device).
std::string RandomToken(size_t bytes = 24);

// Whether `a` equals `b`, in time that depends only on their lengths (for
// tokens). An empty `b` never matches.
bool SameSecret(const std::string& a, const std::string& b);

}  // namespace wf

#endif  // WF_BASE_RANDOM_H_

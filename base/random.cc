#include "base/random.h"

#include <random>

namespace wf {

std::string RandomToken(size_t bytes) {
  static const char* kHex = "0123456789abcdef";
  std::random_device device;
  std::string token;
  token.reserve(bytes * 2);
  for (size_t i = 0; i < bytes; ++i) {
    unsigned value = device() & 0xff;
    token += kHex[value >> 4];
    token += kHex[value & 15];
  }
  return token;
}

bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || b.empty()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace wf

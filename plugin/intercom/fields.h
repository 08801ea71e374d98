// The inputs of "Intercom: Create Conversation": their names, allowed values and
// limits. describe() documents them from here and validation enforces them from
// here, so the two cannot drift apart. Everything in this header is constant.
#ifndef WF_PLUGIN_INTERCOM_FIELDS_H_
#define WF_PLUGIN_INTERCOM_FIELDS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wf::intercom {

using Json = nlohmann::json;

inline constexpr char kTaskId[] = "intercom.create_conversation";
inline constexpr char kTaskTitle[] = "Intercom: Create Conversation";

// Our own ceiling on the message text, counted in Unicode characters.
inline constexpr std::size_t kMaxBodyChars = 65536;
// Intercom's documented maximum number of attachment URLs.
inline constexpr std::size_t kMaxAttachments = 10;
// 2100-01-01T00:00:00Z: anything later is almost surely milliseconds or a typo.
inline constexpr std::int64_t kMaxCreatedAt = 4102444800;

inline constexpr char kDefaultVersion[] = "2.12";
inline constexpr char kDefaultRegion[] = "us";
// The host replaces this template before calling prepare().
inline constexpr char kAccessTokenDefault[] = "${workflow.secrets.INTERCOM_ACCESS_TOKEN}";

// The top-level input names, in the order describe() lists them.
inline constexpr std::array<std::string_view, 10> kInputNames = {
    "from",    "body",           "message_type", "subject", "created_at", "attachment_urls",
    "intercom_version", "region", "base_url",    "access_token"};
inline constexpr std::array<std::string_view, 2> kFromNames = {"from.type", "from.id"};

inline constexpr std::array<std::string_view, 3> kFromTypes = {"user", "lead", "contact"};
inline constexpr std::array<std::string_view, 5> kMessageTypes = {"email", "inapp", "whatsapp",
                                                                  "facebook", "sms"};
inline constexpr std::array<std::string_view, 3> kRegions = {"us", "eu", "au"};
// The values Intercom's reference lists for the Intercom-Version header, plus the
// later versions and "Preview" (the new name of "Unstable") from its OpenAPI files.
inline constexpr std::array<std::string_view, 24> kVersions = {
    "1.0",  "1.1",  "1.2",  "1.3",  "1.4",  "2.0",  "2.1",  "2.2",      "2.3",    "2.4",  "2.5",  "2.6",
    "2.7",  "2.8",  "2.9",  "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "Unstable", "Preview"};

// The API origin of a region ("us", "eu" or "au"); empty for anything else.
std::string_view RegionBaseUrl(std::string_view region);

// True when `value` is one of `names`.
template <std::size_t N>
bool IsOneOf(std::string_view value, const std::array<std::string_view, N>& names) {
  for (std::string_view name : names) {
    if (name == value) return true;
  }
  return false;
}

// "a, b, c": how allowed values read in messages.
template <std::size_t N>
std::string JoinNames(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// The "fields" array of describe(): one entry per input, dotted paths, in order.
Json DescribeFields();

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_FIELDS_H_

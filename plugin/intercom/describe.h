// describe(): the static description of "Intercom: Create Conversation" that
// the editor and the engine read: fields, the prepared request settings (enough
// to rebuild the request elsewhere, e.g. as a Conductor HTTP task), outputs and
// the error mapping.
#ifndef WF_PLUGIN_INTERCOM_DESCRIBE_H_
#define WF_PLUGIN_INTERCOM_DESCRIBE_H_

#include <nlohmann/json.hpp>

namespace wf::intercom {

using Json = nlohmann::json;

inline constexpr char kDocsUrl[] =
    "https://developers.intercom.com/docs/references/2.12/rest-api/api.intercom.io/"
    "conversations/createconversation";

// {"id", "title", "category", "tags", "summary", "description", "docs_url",
//  "fields", "request", "outputs", "errors"}; the same value on every call.
Json DescribeTask();

}  // namespace wf::intercom

#endif  // WF_PLUGIN_INTERCOM_DESCRIBE_H_

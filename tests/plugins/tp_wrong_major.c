/* Claims ABI 2.0, a major this host does not know. */
#define TP_NAME "tp_wrong_major"
#include "tp_common.h"

TP_TASK(alpha, "tp.alpha", "Alpha");
static const wf_task* const tasks[] = {&alpha};
static const wf_plugin table = {sizeof(wf_plugin), WF_ABI_VERSION(2, 0), TP_NAME, "1.0.0", 1, tasks,
                                tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

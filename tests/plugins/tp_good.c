/* A well-formed plugin registering tp.alpha and tp.beta. */
#define TP_NAME "tp_good"
#include "tp_common.h"

TP_TASK(alpha, "tp.alpha", "Alpha");
TP_TASK(beta, "tp.beta", "Beta");
static const wf_task* const tasks[] = {&alpha, &beta};
static const wf_plugin table = {sizeof(wf_plugin), WF_ABI_VERSION_CURRENT, TP_NAME, "1.0.0", 2, tasks,
                                tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

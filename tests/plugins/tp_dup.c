/* A well-formed plugin that registers tp.alpha, which tp_good registers too. */
#define TP_NAME "tp_dup"
#include "tp_common.h"

TP_TASK(alpha, "tp.alpha", "Another alpha");
static const wf_task* const tasks[] = {&alpha};
static const wf_plugin table = {sizeof(wf_plugin), TP_ABI_1_0, TP_NAME, "1.0.0", 1, tasks,
                                tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

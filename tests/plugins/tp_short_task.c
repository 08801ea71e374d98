/* A good wf_plugin whose one wf_task is shorter than ABI 1.0's. */
#define TP_NAME "tp_short_task"
#include "tp_common.h"

static const wf_task alpha = {offsetof(wf_task, describe), 0, "tp.alpha", "Alpha",
                              tp_describe, tp_prepare, tp_interpret, NULL, NULL, NULL};
static const wf_task* const tasks[] = {&alpha};
static const wf_plugin table = {sizeof(wf_plugin), TP_ABI_1_0, TP_NAME, "1.0.0", 1, tasks,
                                tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

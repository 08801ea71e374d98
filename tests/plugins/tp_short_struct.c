/* A wf_plugin whose struct_size says it ends before free_string. */
#define TP_NAME "tp_short_struct"
#include "tp_common.h"

TP_TASK(alpha, "tp.alpha", "Alpha");
static const wf_task* const tasks[] = {&alpha};
static const wf_plugin table = {offsetof(wf_plugin, tasks), TP_ABI_1_0, TP_NAME, "1.0.0", 1,
                                tasks, tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

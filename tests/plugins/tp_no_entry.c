/* Exports a misspelt entry symbol, so wf_plugin_entry is missing. */
#define TP_NAME "tp_no_entry"
#include "tp_common.h"

TP_TASK(alpha, "tp.alpha", "Alpha");
static const wf_task* const tasks[] = {&alpha};
static const wf_plugin table = {sizeof(wf_plugin), TP_ABI_1_0, TP_NAME, "1.0.0", 1, tasks,
                                tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry_v1(void) { return &table; }

/* Claims a minor version newer than this host's. */
#define TP_NAME "tp_newer_minor"
#include "tp_common.h"

TP_TASK(alpha, "tp.alpha", "Alpha");
static const wf_task* const tasks[] = {&alpha};
static const wf_plugin table = {sizeof(wf_plugin), WF_ABI_VERSION(WF_ABI_VERSION_MAJOR, WF_ABI_VERSION_MINOR + 1),
                                TP_NAME, "1.0.0", 1, tasks, tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

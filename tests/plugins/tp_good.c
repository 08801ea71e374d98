/* A well-formed ABI 1.0 plugin (tables of 1.0's size) registering tp.alpha and tp.beta:
 * a host of a later 1.x keeps loading it and calls its 1.0 interpret. */
#define TP_NAME "tp_good"
#include "tp_common.h"

TP_TASK(alpha, "tp.alpha", "Alpha");
TP_TASK(beta, "tp.beta", "Beta");
static const wf_task* const tasks[] = {&alpha, &beta};
static const wf_plugin table = {sizeof(wf_plugin), TP_ABI_1_0, TP_NAME, "1.0.0", 2, tasks,
                                tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

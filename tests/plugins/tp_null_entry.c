/* An entry function that cannot initialise and returns NULL. */
#include <stddef.h>

#include "wf/plugin.h"

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return NULL; }

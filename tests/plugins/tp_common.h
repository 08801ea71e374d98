/* Shared pieces of the tiny test plugins: each .c file here defines TP_NAME and
 * then builds a (possibly broken) table from these. Not a plugin itself. */
#ifndef WF_TESTS_PLUGINS_TP_COMMON_H_
#define WF_TESTS_PLUGINS_TP_COMMON_H_

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wf/plugin.h"

/* These plugins were written for ABI 1.0: its version, and its wf_task size
 * (everything before the members ABI 1.1 appended). */
/* Not every plugin here uses every piece. */
#define TP_MAYBE_UNUSED __attribute__((unused))

#define TP_ABI_1_0 WF_ABI_VERSION(1, 0)
#define TP_TASK_SIZE_1_0 offsetof(wf_task, interpret_buffers)

/* Plugin-owned copy of `text`; released by tp_free. */
static char* tp_copy(const char* text) {
  size_t size = strlen(text) + 1;
  char* out = (char*)malloc(size);
  if (out != NULL) memcpy(out, text, size);
  return out;
}

static void tp_free(char* text) { free(text); }

static char* tp_describe(const wf_task* self) {
  char buffer[256];
  snprintf(buffer, sizeof buffer, "{\"id\": \"%s\", \"title\": \"%s\", \"fields\": []}", self->id,
           self->title);
  return tp_copy(buffer);
}

/* A task that sends nothing: its outputs name the plugin that answered. */
TP_MAYBE_UNUSED static char* tp_prepare(const wf_task* self, const char* inputs_json) {
  (void)self;
  (void)inputs_json;
  return tp_copy("{\"outputs\": {\"plugin\": \"" TP_NAME "\"}}");
}

TP_MAYBE_UNUSED static char* tp_interpret(const wf_task* self, const char* request_json, const char* response_json) {
  (void)self;
  (void)request_json;
  (void)response_json;
  return tp_copy("{\"error\": {\"kind\": \"plugin\", \"message\": \"nothing was sent\"}}");
}

#define TP_TASK(var, task_id, task_title)                                                    \
  static const wf_task var = {TP_TASK_SIZE_1_0, 0,          task_id,     task_title,         \
                              tp_describe,     tp_prepare,  tp_interpret, NULL, NULL, NULL}

#endif /* WF_TESTS_PLUGINS_TP_COMMON_H_ */

/* An ABI 1.1 plugin in plain C: its request carries body_text, and it has
 * interpret_buffers beside interpret, each answering with what it was given,
 * so that a test can tell which one the host called and what crossed.
 *
 * tp.buffers sends POST to the "url" of its inputs (read by a plain scan: the
 * host writes compact JSON) with a body that JSON would escape. */
#define TP_NAME "tp_buffers"
#include "tp_common.h"

/* The body prepare asks for, as JSON text inside the answer, and as bytes. */
#define TP_BODY_JSON "line one\\nsaid \\\"hi\\\" \\\\ tab\\t \\u00e9 {not json"

static char* buffers_prepare(const wf_task* self, const char* inputs_json) {
  const char* start = strstr(inputs_json, "\"url\":\"");
  char url[256] = "";
  (void)self;
  if (start != NULL) {
    const char* end;
    start += 7;
    end = strchr(start, '"');
    if (end != NULL && (size_t)(end - start) < sizeof url) memcpy(url, start, (size_t)(end - start));
  }
  {
    char answer[1024];
    snprintf(answer, sizeof answer,
             "{\"request\": {\"method\": \"POST\", \"url\": \"%s\", "
             "\"headers\": {\"Content-Type\": \"text/plain; charset=utf-8\"}, "
             "\"body_text\": \"" TP_BODY_JSON "\"}}",
             url);
    return tp_copy(answer);
  }
}

static char* buffers_interpret(const wf_task* self, const char* request_json, const char* response_json) {
  (void)self;
  (void)request_json;
  (void)response_json;
  return tp_copy("{\"outputs\": {\"called\": \"interpret\"}}");
}

/* Outputs: which function ran, the sizes it was given, whether each buffer
 * ends in a NUL, the heads verbatim (they are JSON), and whether the request
 * body arrived as the exact bytes prepare asked for. */
static char* buffers_interpret_buffers(const wf_task* self, const char* request_json,
                                       const wf_text* request_body, const char* response_json,
                                       const wf_text* response_body) {
  static const char expected[] = "line one\nsaid \"hi\" \\ tab\t \xC3\xA9 {not json";
  size_t size = strlen(request_json) + strlen(response_json) + 512;
  char* answer = (char*)malloc(size);
  int same = request_body->size == sizeof expected - 1 &&
             memcmp(request_body->data, expected, sizeof expected - 1) == 0;
  (void)self;
  if (answer == NULL) return NULL;
  snprintf(answer, size,
           "{\"outputs\": {\"called\": \"interpret_buffers\", \"request_head\": %s, "
           "\"response_head\": %s, \"request_body_as_prepared\": %s, \"request_body_size\": %zu, "
           "\"response_body_size\": %zu, \"nul_terminated\": %s, \"text_struct_size\": %u}}",
           request_json, response_json, same ? "true" : "false", request_body->size,
           response_body->size,
           request_body->data[request_body->size] == '\0' &&
                   response_body->data[response_body->size] == '\0'
               ? "true"
               : "false",
           (unsigned)response_body->struct_size);
  return answer;
}

static const wf_task buffers = {sizeof(wf_task), 0, "tp.buffers", "Buffers", tp_describe,
                                buffers_prepare, buffers_interpret, NULL, buffers_interpret_buffers,
                                NULL};
static const wf_task* const tasks[] = {&buffers};
static const wf_plugin table = {sizeof(wf_plugin), WF_ABI_VERSION(1, 1), TP_NAME, "1.0.0", 1, tasks,
                                tp_free};

WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) { return &table; }

/*
 * wf plugin ABI: the only meeting point between the wf host and task plugins.
 *
 * A plugin is a shared library that exports exactly one symbol, `wf_plugin_entry`
 * (see WF_PLUGIN_ENTRY_SYMBOL), returning a pointer to a constant `wf_plugin`
 * table. What crosses the line is UTF-8 JSON text, and from ABI 1.1 the bodies
 * of a request and of its answer as buffers of their own (wf_text), so that a
 * body is never escaped into a JSON string and read back out of one. No C++
 * exception, std::string or other STL type ever crosses.
 *
 * Growth rules (as in OBS Studio and SQLite):
 *   - every struct starts with `uint32_t struct_size`, and grows only at its end;
 *   - the host copies min(struct_size, sizeof(host's struct)) into a zeroed struct,
 *     so members a plugin does not know read as NULL / 0;
 *   - the ABI version has a major and a minor. The host refuses a plugin with
 *     another major, or with a newer minor than its own, naming both versions.
 *
 * Memory: the side that allocates frees. Every `char*` a plugin function returns
 * is owned by the plugin and must be released with that plugin's `free_string`.
 * Strings and wf_text buffers the host passes in are owned by the host and
 * valid only for the call; a plugin that needs them later copies them.
 *
 * Threads: the host may call `describe`, `prepare` and `interpret` from several
 * threads at once; plugin functions must therefore be reentrant (the Intercom
 * plugin keeps no mutable state at all).
 *
 * Plugins do no I/O: the host sends the HTTP request that `prepare` returns and
 * hands the answer to `interpret_buffers` (or, for a 1.0 plugin, `interpret`).
 * See README.md ("The plugin ABI"); include/wf/plugin.hpp implements all of
 * this over three C++ hooks.
 *
 * History:
 *   1.0  describe, prepare, interpret: every body inside JSON text.
 *   1.1  each body crosses once: prepare's request may carry "body_text", sent
 *        byte for byte; wf_text, wf_task.interpret_buffers and
 *        wf_task.prepare_buffers appended.
 */
#ifndef WF_PLUGIN_H_
#define WF_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI 1.1. A minor bump only appends members; a major bump changes meaning. */
#define WF_ABI_VERSION_MAJOR 1u
#define WF_ABI_VERSION_MINOR 1u
#define WF_ABI_VERSION(major, minor) (((uint32_t)(major) << 16) | (uint32_t)(minor))
#define WF_ABI_VERSION_CURRENT WF_ABI_VERSION(WF_ABI_VERSION_MAJOR, WF_ABI_VERSION_MINOR)
#define WF_ABI_MAJOR_OF(v) ((uint32_t)(v) >> 16)
#define WF_ABI_MINOR_OF(v) ((uint32_t)(v) & 0xffffu)

/* The name of the one symbol a plugin exports. */
#define WF_PLUGIN_ENTRY_SYMBOL "wf_plugin_entry"

#if defined(_WIN32)
#define WF_PLUGIN_EXPORT __declspec(dllexport)
#else
#define WF_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

struct wf_task;

/*
 * A body as bytes of its own, beside the JSON text of a call. Added in ABI 1.1.
 * Who owns `data` depends on the direction, and each use below says which:
 *   - lent by the host (interpret_buffers' bodies): host-owned, valid only
 *     during the call, never NULL, and data[size] is NUL, so C code may read
 *     it as a string when it holds no NUL of its own;
 *   - returned by the plugin (prepare_buffers' body): allocated by the plugin,
 *     released by the host with the plugin's free_string.
 */
typedef struct wf_text {
  /* sizeof(wf_text) as the side that made it was compiled. */
  uint32_t struct_size;
  uint32_t reserved; /* zero */
  const char* data;
  /* The number of bytes (not counting a terminating NUL). */
  size_t size;
} wf_text;

/*
 * One task type. Added in ABI 1.0; grew in 1.1. Members are required unless
 * noted.
 *
 * Every function returns a NUL-terminated UTF-8 JSON document allocated by the
 * plugin (free it with wf_plugin.free_string), or NULL only when memory ran out.
 * None of them may throw, abort or write to stdout/stderr.
 */
typedef struct wf_task {
  /* sizeof(wf_task) as the plugin was compiled. */
  uint32_t struct_size;
  uint32_t reserved; /* zero */

  /* Task id such as "intercom.create_conversation"; static, owned by the plugin. */
  const char* id;
  /* Human title such as "Intercom: Create Conversation"; static, owned by the plugin. */
  const char* title;

  /*
   * The task's static description: {"id", "title", "category", "summary",
   * "description", "fields": [...], "request": {...}, "outputs": [...], ...}.
   * The shape is documented in README.md ("describe").
   */
  char* (*describe)(const struct wf_task* self);

  /*
   * Validates already-templated inputs (a JSON object; host-owned, valid for
   * the call) and returns one of
   *   {"request": {"method", "url", "headers": {name: value}, "body_text": "<text>"}}
   *   {"errors": [{"path", "message", "found", "allowed"}, ...]}   (every problem:
   *                                                                  nothing is sent)
   *   {"outputs": {...}}                                  (a task that sends nothing)
   * Any form may carry "warnings": [{"path", "message"}].
   * The request's members: "method" (GET, POST, PUT, PATCH, DELETE, HEAD),
   * "url" (absolute http or https), "headers" (sent in order), and the body as
   * either "body_text" (ABI 1.1: a string the host sends byte for byte) or
   * "body" (ABI 1.0: any JSON value, which the host writes compactly); none
   * for no body. Optional: "idempotent" (true when sending it twice does no
   * harm; default: the description's request.idempotent, else false for POST
   * and PATCH).
   */
  char* (*prepare)(const struct wf_task* self, const char* inputs_json);

  /*
   * Turns an HTTP answer into outputs (ABI 1.0; a host of ABI 1.1 calls
   * interpret_buffers instead when the plugin has it). `request_json` is
   * what prepare returned under "request", without its "headers" (credentials
   * do not cross twice); `response_json` is {"status", "headers": {lower-case
   * name: first value}, "body": "<the body as text>"}. Both host-owned, valid
   * for the call. Returns either {"outputs": {...}} or
   * {"error": {"message", "kind", "retry", "retry_at", "retry_after", "status", ...}},
   * where "retry" is "never", "backoff", "after_reset" (wait until "retry_at",
   * Unix seconds, or for "retry_after" seconds) or "unknown_outcome" (the
   * request may have taken effect: not sent again unless the user says so).
   * The host adds the answer itself to either, as member "response":
   * {"status", "headers", "body" (parsed when JSON, else text)}; a plugin need
   * not echo it, and a "response" it returns is replaced.
   */
  char* (*interpret)(const struct wf_task* self, const char* request_json,
                     const char* response_json);

  /* Opaque pointer for the plugin's own use; the host never touches it. */
  const void* user_data;

  /* ---- Added in ABI 1.1: the host reads these only when struct_size covers them. */

  /*
   * Optional (NULL: the host calls `interpret`). The same as `interpret`, each
   * body in its own buffer instead of inside JSON text:
   *   request_json   {"method", "url"} of the request that was sent
   *   request_body   the body that was sent, byte for byte (size 0: none)
   *   response_json  {"status", "headers": {lower-case name: first value}}
   *   response_body  the body received; UTF-8 (the host replaced invalid
   *                  sequences with U+FFFD), decoded if it was compressed
   * All four are host-owned and valid only for the call. Returns what
   * `interpret` returns, allocated by the plugin (freed by free_string).
   */
  char* (*interpret_buffers)(const struct wf_task* self, const char* request_json,
                             const wf_text* request_body, const char* response_json,
                             const wf_text* response_body);

  /*
   * Optional (NULL: the host calls `prepare`). The same as `prepare`, with the
   * request's body returned in `*body` instead of inside the JSON text. The
   * host passes `body` zeroed but for struct_size; to send a body the plugin
   * sets body->data to a buffer it allocated (the host sends those bytes as
   * they are, then releases them with free_string) and body->size to its
   * length, and leaves "body" and "body_text" out of the request. A plugin
   * that sets data must do so only in a {"request"} answer; the host releases
   * it whatever the answer.
   */
  char* (*prepare_buffers)(const struct wf_task* self, const char* inputs_json, wf_text* body);
} wf_task;

/* The table a plugin's entry function returns. Added in ABI 1.0. */
typedef struct wf_plugin {
  /* sizeof(wf_plugin) as the plugin was compiled. */
  uint32_t struct_size;
  /* WF_ABI_VERSION(major, minor) the plugin was compiled against. */
  uint32_t abi_version;

  /* Plugin name and version; static, owned by the plugin. Must match the manifest. */
  const char* name;
  const char* version;

  /* `task_count` pointers to task tables; static, owned by the plugin. */
  size_t task_count;
  const wf_task* const* tasks;

  /* Releases a string returned by any of this plugin's functions. NULL is allowed. */
  void (*free_string)(char* text);
} wf_plugin;

/*
 * The entry point. Returns a pointer to a table that stays valid while the
 * library is loaded, or NULL if the plugin cannot initialise. Called once per
 * load; must not throw. Registration is explicit here, never in static
 * initialisers.
 */
typedef const wf_plugin* (*wf_plugin_entry_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WF_PLUGIN_H_ */

/*
 * wf plugin ABI: the only meeting point between the wf host and task plugins.
 *
 * A plugin is a shared library that exports exactly one symbol, `wf_plugin_entry`
 * (see WF_PLUGIN_ENTRY_SYMBOL), returning a pointer to a constant `wf_plugin`
 * table. Everything that crosses the line is UTF-8 JSON text; no C++ exception,
 * std::string or other STL type ever does.
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
 * Strings the host passes in are owned by the host and valid only for the call.
 *
 * Threads: the host may call `describe`, `prepare` and `interpret` from several
 * threads at once; plugin functions must therefore be reentrant (the Intercom
 * plugin keeps no mutable state at all).
 *
 * Plugins do no I/O: the host sends the HTTP request that `prepare` returns and
 * hands the answer to `interpret`. See docs in README.md ("Plugin ABI").
 */
#ifndef WF_PLUGIN_H_
#define WF_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI 1.0. A minor bump only appends members; a major bump changes meaning. */
#define WF_ABI_VERSION_MAJOR 1u
#define WF_ABI_VERSION_MINOR 0u
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
 * One task type. Added in ABI 1.0. All members are required unless noted.
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
   * Validates already-templated inputs (a JSON object) and returns either
   *   {"request": {"method", "url", "headers": {name: value}, "body": <json>}}
   * or
   *   {"errors": [{"path", "message", "found", "allowed"}, ...]}   (every problem).
   * Either form may carry "warnings": [{"path", "message"}].
   */
  char* (*prepare)(const struct wf_task* self, const char* inputs_json);

  /*
   * Turns an HTTP answer into outputs. `request_json` is what prepare returned
   * under "request", without its "headers" (credentials do not cross twice);
   * `response_json` is {"status", "headers": {lower-case name:
   * value}, "body": "<raw text>"}. Returns either {"outputs": {...}} or
   * {"error": {"message", "kind", "retry", "retry_at", "status", ...}}.
   * The host adds the answer itself to either, as member "response":
   * {"status", "headers", "body" (parsed when JSON, else text)}; a plugin need
   * not echo it, and a "response" it returns is replaced.
   */
  char* (*interpret)(const struct wf_task* self, const char* request_json,
                     const char* response_json);

  /* Opaque pointer for the plugin's own use; the host never touches it. */
  const void* user_data;
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

/*
 * nova_auth: sign a program's user in to Nova AI through the system browser.
 *
 * Generated from the Rust source by cbindgen; do not edit. See README.md.
 *
 * Threading: poll, wait, url, error, refresh and cancel may be called from any thread,
 * concurrently, on the same login; nova_login_free must not race with other calls on it.
 * All logins share one background thread and one HTTP client.
 *
 * Errors: every function that returns a NovaStatus and fails (a negative status) leaves a
 * one-line message naming the cause, read with nova_last_error() on the same thread right
 * after the call; a successful call leaves the last message as it was.
 *
 * The user returned is the server's word: the flow carries no signature a client could
 * check, so do not treat it as a proof of identity toward third parties.
 */

#ifndef NOVA_AUTH_H
#define NOVA_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#define NOVA_AUTH_MAJOR 0
#define NOVA_AUTH_MINOR 1
#define NOVA_AUTH_PATCH 0


/**
 * The values a `NovaStatus` takes.
 */
enum NovaStatusCode
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /**
   * The call succeeded.
   */
  NOVA_OK = 0,
  /**
   * The login is still waiting for the person to sign in.
   */
  NOVA_PENDING = 1,
  /**
   * The login completed: a user is available.
   */
  NOVA_COMPLETED = 2,
  /**
   * A NULL or invalid argument, a string that is not UTF-8, or a value out of bounds.
   */
  NOVA_ERR_INVALID_ARGUMENT = -1,
  /**
   * A URL that is not https (or http to a loopback host), from the host or the server.
   */
  NOVA_ERR_INSECURE_URL = -2,
  /**
   * No answer from the server: DNS, connect, TLS, or request timeout.
   */
  NOVA_ERR_NETWORK = -3,
  /**
   * The server answered something the flow cannot go on with.
   */
  NOVA_ERR_SERVER = -4,
  /**
   * The session expired or is no longer known to the server.
   */
  NOVA_ERR_EXPIRED = -5,
  /**
   * The login timeout passed before the person signed in.
   */
  NOVA_ERR_TIMEOUT = -6,
  /**
   * The login was cancelled by the host.
   */
  NOVA_ERR_CANCELLED = -7,
  /**
   * A defect in the library; please report it.
   */
  NOVA_ERR_INTERNAL = -100,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum NovaStatusCode NovaStatusCode;
#else
typedef int32_t NovaStatusCode;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * One login attempt. Opaque; made by `nova_login_start`, released by `nova_login_free`.
 */
typedef struct NovaLogin NovaLogin;

/**
 * Settings for `nova_login_start`. Opaque; made by `nova_options_new`.
 */
typedef struct NovaOptions NovaOptions;

/**
 * A status code: one of the `NovaStatusCode` values. Negative values are errors.
 */
typedef int32_t NovaStatus;

/**
 * The signed-in user, as the server sent it. This is the server's word, not a proof of
 * identity: the flow carries no signature a client could check.
 *
 * The caller owns it and frees it, with all its strings, with `nova_user_free`; never with
 * `free()`. Every string is UTF-8 and NUL-terminated.
 */
typedef struct NovaUser {
  /**
   * The user id: never NULL, never empty.
   */
  char *uid;
  /**
   * NULL when the server sent none (null or missing).
   */
  char *email;
  /**
   * NULL when absent.
   */
  char *name;
  /**
   * NULL when absent (wire name: `photoUrl`).
   */
  char *photo_url;
  /**
   * NULL when absent.
   */
  char *tier;
  /**
   * The user object as received: compact JSON, key order kept.
   */
  char *raw_json;
} NovaUser;

/**
 * Called once when a login leaves the pending state, with its final status.
 */
typedef void (*NovaCallback)(void *user_data, NovaStatus status);

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The message of the last call on this thread that returned a negative status: a one-line
 * English text naming the input and the rule it broke, such as `base URL "ftp://x": the
 * scheme must be https, or http to a loopback host`. NULL if no call on this thread has
 * failed yet.
 *
 * Every function that returns a `NovaStatus` sets it when it returns a negative status
 * (NULL and non-UTF-8 arguments included; `nova_login_poll`, `nova_login_wait` and
 * `nova_login_refresh` of a login that ended in an error set that login's message). A
 * call that succeeds, or returns `NOVA_PENDING` or `NOVA_COMPLETED`, leaves it as it was, as
 * libgit2 does: read it right after the failing call, never to learn whether a call failed.
 *
 * The string belongs to the library and stays valid on this thread until the next failing
 * call on this thread; copy it to keep it longer, and never free it.
 */
const char *nova_last_error(void);

/**
 * Starts a login: validates and copies the options (NULL means all defaults), then hands the
 * work to the library's one background thread. Performs no network I/O and no DNS lookup on
 * the calling thread and returns in microseconds. The options may be freed or reused at once.
 *
 * On every system, HTTPS certificates are checked against the system's trusted roots (on
 * Windows its certificate store) unless `SSL_CERT_FILE` or `SSL_CERT_DIR` name others, and
 * `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` choose a proxy; the Windows and macOS system
 * proxy settings are not used.
 *
 * On `NOVA_OK`, `*out_login` receives a new login that the caller owns and releases with
 * `nova_login_free`; on any other status it is set to NULL. Returns `NOVA_OK`,
 * `NOVA_ERR_INVALID_ARGUMENT` (NULL `out_login`, or an invalid `NOVA_AUTH_BASE_URL`),
 * `NOVA_ERR_INSECURE_URL` (an insecure `NOVA_AUTH_BASE_URL`) or `NOVA_ERR_INTERNAL`; on
 * failure `nova_last_error` names the argument or the variable, its value and the rule.
 */
NovaStatus nova_login_start(const struct NovaOptions *options, struct NovaLogin **out_login);

/**
 * Reports the login's state. Never blocks and performs no I/O.
 *
 * Returns `NOVA_PENDING`, `NOVA_COMPLETED`, or the error the login ended with (every later
 * poll returns that same error); `NOVA_ERR_INVALID_ARGUMENT` for a NULL login. On
 * `NOVA_COMPLETED` with a non-NULL `out_user`, `*out_user` receives a new user that the
 * caller owns and frees with `nova_user_free` (each poll hands out a fresh copy); on every
 * other result it is set to NULL. `out_user` may be NULL to ask for the status alone.
 */
NovaStatus nova_login_poll(struct NovaLogin *login, struct NovaUser **out_user);

/**
 * As `nova_login_poll`, but first blocks the calling thread until the login is no longer
 * pending or `timeout_ms` passed. `UINT32_MAX` waits until the login ends.
 *
 * Returns `NOVA_PENDING` when the time passed first, `NOVA_COMPLETED`, or the error the
 * login ended with; `NOVA_ERR_INVALID_ARGUMENT` for a NULL login. The ownership rule of
 * `nova_login_poll` applies to `*out_user`.
 */
NovaStatus nova_login_wait(struct NovaLogin *login,
                           uint32_t timeout_ms,
                           struct NovaUser **out_user);

/**
 * The login URL the server sent, once checked: NULL before the session exists, when the
 * URL was refused, or for a NULL login. Show it to the person signing in if no browser
 * opened; do not log it (it holds the session id).
 *
 * The string belongs to the login and lives until `nova_login_free`.
 */
const char *nova_login_url(const struct NovaLogin *login);

/**
 * NULL unless the login ended in an error; then a one-line English message naming the cause.
 *
 * The string belongs to the login and lives until `nova_login_free`.
 */
const char *nova_login_error(const struct NovaLogin *login);

/**
 * Asks for the next poll of the server now instead of at the end of the interval; call it
 * when the host's window regains focus. Never blocks. With a poll in flight the next one
 * follows as soon as it answers pending; during a `Retry-After` or backoff wait, and before
 * the session exists, it does nothing. Polls are never sent closer than 250 ms apart.
 *
 * Returns `NOVA_PENDING`, or the login's final status if it has ended;
 * `NOVA_ERR_INVALID_ARGUMENT` for a NULL login.
 */
NovaStatus nova_login_refresh(struct NovaLogin *login);

/**
 * Cancels a pending login: it ends with `NOVA_ERR_CANCELLED` at once, its request in flight
 * is dropped and no new request starts. A login that already ended keeps its result.
 * Idempotent; NULL is a no-op.
 */
void nova_login_cancel(struct NovaLogin *login);

/**
 * Cancels the login, then releases it and its strings. Never blocks on the network. NULL is
 * a no-op. Must not race with other calls on the same login.
 *
 * Called on a thread other than the one running the login's callback, it first waits for
 * that callback to return, so the callback never runs after `nova_login_free` returns.
 * Called from inside the login's own callback, it returns without waiting, and must be the
 * callback's last call on the login. Inside the callback that `nova_login_free` of a pending
 * login runs, a second `nova_login_free` of that login does nothing: the first releases it.
 */
void nova_login_free(struct NovaLogin *login);

/**
 * Registers `callback`, run once with the final status when the login leaves the pending
 * state: on the library's background thread, or on the thread that ends the login
 * (`nova_login_cancel`, `nova_login_free`), or at once on the calling thread if the login has
 * already ended. It never runs after `nova_login_free` returns. A second call replaces a
 * callback that has not run yet.
 *
 * The callback must return quickly. It may call `nova_login_poll`, `nova_login_url`,
 * `nova_login_error` and `nova_login_cancel` on this login, and may end with
 * `nova_login_free` of it; it must not call `nova_login_wait` or `nova_login_set_callback` on
 * it. A host thread that calls `nova_login_free` must not hold a lock that the callback
 * takes: it waits for a callback running on another thread. `user_data` is passed through
 * untouched and must be usable from the background thread. Returns `NOVA_OK`, or
 * `NOVA_ERR_INVALID_ARGUMENT` for a NULL login or callback.
 */
NovaStatus nova_login_set_callback(struct NovaLogin *login, NovaCallback callback, void *user_data);

/**
 * Creates options holding the defaults, with the base URL from the environment variable
 * `NOVA_AUTH_BASE_URL` when it is set (an invalid value there is reported by
 * `nova_login_start`, unless `nova_options_set_base_url` replaces it).
 *
 * The caller owns the result and frees it with `nova_options_free`. Returns NULL only after
 * an internal error.
 */
struct NovaOptions *nova_options_new(void);

/**
 * Frees options made by `nova_options_new`. NULL is a no-op. Logins already started keep
 * their own copy.
 */
void nova_options_free(struct NovaOptions *options);

/**
 * Sets the server's base URL: an absolute `https://` URL, or `http://` to a loopback host
 * (`localhost`, `127.0.0.0/8`, `[::1]`). A path prefix is kept (`https://example.com/nova`
 * sends `POST https://example.com/nova/api/auth/create-session`); a trailing slash changes
 * nothing. Default: `NOVA_AUTH_BASE_URL`, else `https://nova-ai.work`.
 *
 * The string is copied; the caller keeps ownership of it. Returns `NOVA_OK`;
 * `NOVA_ERR_INSECURE_URL` for `http://` to any other host; `NOVA_ERR_INVALID_ARGUMENT` for
 * NULL, non-UTF-8, an unparsable URL (an international host name is taken in its `xn--`
 * form, and one that IDNA forbids is unparsable), a query, a fragment, user credentials or
 * a scheme other than http(s).
 * A failed call leaves the options unchanged; `nova_last_error` then quotes the URL and
 * names the rule.
 */
NovaStatus nova_options_set_base_url(struct NovaOptions *options, const char *base_url);

/**
 * Sets the time between two polls of the server, 100 to 60000 ms (default 2000).
 *
 * Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options or a value out of
 * bounds (the options are then unchanged).
 */
NovaStatus nova_options_set_poll_interval_ms(struct NovaOptions *options, uint32_t ms);

/**
 * Sets the login timeout, the deadline counted from `nova_login_start`, 100 to 86400000 ms
 * (default 600000, the server's session life).
 *
 * Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options or a value out of
 * bounds (the options are then unchanged).
 */
NovaStatus nova_options_set_timeout_ms(struct NovaOptions *options, uint32_t ms);

/**
 * Sets the time one HTTP exchange may take, 100 to 300000 ms (default 30000).
 *
 * Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options or a value out of
 * bounds (the options are then unchanged).
 */
NovaStatus nova_options_set_request_timeout_ms(struct NovaOptions *options, uint32_t ms);

/**
 * Sets whether the login URL is opened in the system's default browser (default true). On
 * Linux and BSD the `BROWSER` environment variable is honoured; Windows opens the URL with
 * the shell's default browser and ignores `BROWSER`; macOS uses `open`.
 *
 * Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options.
 */
NovaStatus nova_options_set_open_browser(struct NovaOptions *options, bool open);

/**
 * Sets whether the person chooses the account (default false). When set, the login URL
 * carries `force_account_switch=1`, in `nova_login_url` and in the browser, so the login
 * page signs the browser out first and offers the choice of account; without it, a browser
 * already signed in completes the login with its current account, and no click.
 *
 * Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options.
 */
NovaStatus nova_options_set_choose_account(struct NovaOptions *options, bool choose);

/**
 * Sets the `User-Agent` header: any UTF-8 without control characters (default
 * `nova-auth/<version>`).
 *
 * The string is copied; the caller keeps ownership of it. Returns `NOVA_OK`, or
 * `NOVA_ERR_INVALID_ARGUMENT` for NULL, non-UTF-8 or a control character (the options are
 * then unchanged).
 */
NovaStatus nova_options_set_user_agent(struct NovaOptions *options, const char *user_agent);

/**
 * The name of a status, such as `"NOVA_ERR_EXPIRED"`; `"NOVA_UNKNOWN"` for any other value.
 *
 * The string is static: the caller must not free it.
 */
const char *nova_status_name(NovaStatus status);

/**
 * The library version, such as `"0.1.0"`.
 *
 * The string is static: the caller must not free it.
 */
const char *nova_version(void);

/**
 * Frees a user handed out by `nova_login_poll` or `nova_login_wait`, with all its strings.
 * NULL is a no-op.
 */
void nova_user_free(struct NovaUser *user);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* NOVA_AUTH_H */

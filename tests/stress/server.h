/* The dev server of a stress test process: started once, stopped at exit by the process that
 * started it (a fork() child that exits leaves it running for its parent), completed through
 * the real POST /api/auth/complete-session. */
#ifndef STRESS_SERVER_H
#define STRESS_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "nova_auth.h"

/* A dev server test account (devserver/README.md). */
struct account {
    const char *uid;
    const char *name; /* UTF-8 */
};

extern const struct account ACCOUNTS[3]; /* Google, Naver, Kakao */

/* Starts $NOVA_DEVSERVER and returns its base URL; exits the process with status 2 if it
 * cannot. Call once, before any other thread starts. */
const char *server_start(void);

/* Completes a session as the web app does. Returns the HTTP status, or -1 without an answer.
 * Safe to call from several threads at once. */
int server_complete(const char *session_id, const struct account *who);

/* Options aimed at the server: poll every 100 ms, no browser. Exits the process on failure. */
NovaOptions *server_options(void);

/* Copies the session id out of the login URL. False while the session does not exist. */
bool session_id_of(const NovaLogin *login, char *id, size_t size);

/* Milliseconds on the monotonic clock. */
long now_ms(void);

void sleep_ms(long ms);

#endif

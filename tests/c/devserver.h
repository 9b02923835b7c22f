/* The dev server of a test process: started on first use, stopped at exit by the process that
 * started it (a fork() child that exits leaves it running for its parent), steered through
 * its control API over a minimal HTTP/1.1 client. Once started, every function may be called
 * from several threads at once. */
#ifndef DEVSERVER_H
#define DEVSERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "nova_auth.h"

/* A person the web app signs in; a NULL field is sent as JSON null. */
struct identity {
    const char *uid, *name, *email, *photo_url, *tier;
};

extern const struct identity GOOGLE_ADA, NAVER_MINJI, KAKAO_SEOJUN;

/* The base URL, such as "http://127.0.0.1:41234". Exits the process if the server cannot start.
 * The first call starts the server: make it before other threads start. */
const char *devserver_url(void);

/* Completes a session as the web app does. Returns the HTTP status (-1: no answer). */
int devserver_complete(const char *session_id, const struct identity *who);

/* Queues faults: a JSON object or array (see devserver/README.md). Returns the HTTP status. */
int devserver_add_faults(const char *json);

/* One counter of GET /_dev/stats, such as "get_requests"; -1 if it cannot be read. */
long devserver_stat(const char *name);

/* New options aimed at the dev server, polling every 100 ms, with no browser. */
NovaOptions *devserver_options(void);

/* Starts a login with devserver_options(); NULL (and a message) on failure. */
NovaLogin *devserver_login(void);

/* Copies the session id out of the login URL, without waiting. False while the session does
 * not exist. */
bool current_session_id(const NovaLogin *login, char *id, size_t size);

/* Waits (at most 10 s) for the login's session to exist and copies its id, read from the
 * login URL. False if it never came or the login ended first. */
bool session_id_of(NovaLogin *login, char *id, size_t size);

/* Waits for the login's session, then completes it as `who`. False (and a message) on failure. */
bool complete_login(NovaLogin *login, const struct identity *who);

/* Polls every 100 ms, as a host's timer would, until the login is no longer pending (at most
 * 10 s); returns the last status. */
NovaStatus poll_until_done(NovaLogin *login, NovaUser **out_user);

/* complete_login, then poll_until_done. True if the login completed (its user in `out_user`
 * when that is not NULL); false and a message otherwise. */
bool complete_and_finish(NovaLogin *login, const struct identity *who, NovaUser **out_user);

/* Starts a login with `options`, frees them, and completes the login as `who`
 * (complete_and_finish). True if it completed; false and a message otherwise. */
bool start_and_complete(NovaOptions *options, const struct identity *who);

#endif

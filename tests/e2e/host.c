/* A desktop program's sign-in, as a host writes it: start a login that opens the system
 * browser, then poll on a timer until the person has signed in.
 *
 * Usage: host [base-url]   (default: NOVA_AUTH_BASE_URL)
 * Prints "NOVA_COMPLETED <uid> <name>" and exits 0 once signed in; else prints the status
 * and the library's message and exits 1. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stdio.h>
#include <time.h>

#include "nova_auth.h"

int main(int argc, char **argv)
{
    const struct timespec tick = {0, 100 * 1000000L}; /* a UI timer's pace */
    NovaOptions *options = nova_options_new();
    NovaLogin *login = NULL;
    NovaUser *user = NULL;
    NovaStatus status;

    if (options == NULL || (argc > 1 && nova_options_set_base_url(options, argv[1]) != NOVA_OK) ||
        nova_options_set_poll_interval_ms(options, 250) != NOVA_OK ||
        nova_options_set_timeout_ms(options, 60000) != NOVA_OK ||
        nova_options_set_open_browser(options, true) != NOVA_OK) {
        fprintf(stderr, "host: bad options\n");
        return 2;
    }
    status = nova_login_start(options, &login);
    nova_options_free(options);
    if (status != NOVA_OK) {
        printf("%s\n", nova_status_name(status));
        return 1;
    }
    while ((status = nova_login_poll(login, &user)) == NOVA_PENDING)
        nanosleep(&tick, NULL);
    if (status == NOVA_COMPLETED)
        printf("%s %s %s\n", nova_status_name(status), user->uid, user->name ? user->name : "");
    else
        printf("%s: %s\n", nova_status_name(status), nova_login_error(login));
    fflush(stdout);
    nova_user_free(user);
    nova_login_free(login);
    return status == NOVA_COMPLETED ? 0 : 1;
}

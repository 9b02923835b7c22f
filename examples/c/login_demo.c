/* Signs the user in to Nova AI through the system browser and prints who signed in.
 * The server is NOVA_AUTH_BASE_URL when set, else https://nova-ai.work.
 * Build: cc -std=c99 -Iinclude examples/c/login_demo.c -Ltarget/debug -lnova_auth */
#include <stdio.h>

#include "nova_auth.h"

int main(void)
{
    NovaOptions *options = nova_options_new(); /* the defaults, base URL from the environment */
    NovaLogin *login = NULL;
    NovaUser *user = NULL;
    NovaStatus status;
    int ticks = 0;

    if (options == NULL)
        return 1;
    status = nova_login_start(options, &login);
    nova_options_free(options); /* the login keeps its own copy */
    if (status != NOVA_OK) {
        fprintf(stderr, "Cannot start the sign-in: %s\n", nova_last_error());
        return 1;
    }

    /* Polling never blocks: a GUI program would call it from a timer instead of sleeping. */
    while ((status = nova_login_poll(login, &user)) == NOVA_PENDING) {
        const char *url = nova_login_url(login);
        if (url != NULL) {
            if (ticks == 0)
                printf("Open this URL to sign in: %s\n", url);
            printf("\rWaiting for sign-in... %ds", ticks / 10);
            fflush(stdout);
            ticks++;
        }
        nova_login_wait(login, 100, NULL); /* stands in for the host's 100 ms timer */
    }
    if (ticks > 0)
        printf("\n");

    if (status != NOVA_COMPLETED) {
        fprintf(stderr, "Sign-in failed: %s: %s\n", nova_status_name(status), nova_login_error(login));
        nova_login_free(login);
        return 1;
    }
    printf("Signed in as %s\n", user->name ? user->name : "(no name)");
    printf("  email: %s\n", user->email ? user->email : "(none)");
    printf("  tier:  %s\n", user->tier ? user->tier : "(none)");
    printf("  uid:   %s\n", user->uid);
    nova_user_free(user);
    nova_login_free(login);
    return 0;
}

/* Signs the user in to Nova AI (at NOVA_AUTH_BASE_URL) and prints who they are. */
#include <stdint.h>
#include <stdio.h>

#include <nova_auth.h>

int main(void) {
    NovaOptions *options = nova_options_new();
    NovaLogin *login = NULL;
    NovaUser *user = NULL;
    NovaStatus status = options == NULL ? NOVA_ERR_INTERNAL
                                        : nova_options_set_open_browser(options, false);
    if (status == NOVA_OK) status = nova_options_set_timeout_ms(options, 60000);
    if (status == NOVA_OK) status = nova_login_start(options, &login);
    nova_options_free(options);
    if (status == NOVA_OK) status = nova_login_wait(login, UINT32_MAX, &user);

    if (status == NOVA_COMPLETED) {
        printf("Signed in: %s\n  name:  %s\n  email: %s\n  tier:  %s\n", user->uid,
               user->name ? user->name : "(none)", user->email ? user->email : "(none)",
               user->tier ? user->tier : "(none)");
    } else {
        /* Whichever call failed, a setter, the start or the wait, left its message. */
        fprintf(stderr, "login failed: %s\n", nova_last_error());
    }
    nova_user_free(user);
    nova_login_free(login);
    return status == NOVA_COMPLETED ? 0 : 1;
}

/* Every allocation the library hands out is released by its own free function: run under
 * valgrind, a leak here means some free function misses part of what it owns.
 *
 * One login runs to completion; 100 polls hand out 100 NovaUser copies, each freed with
 * nova_user_free; the options go to nova_options_free and the login to nova_login_free. */
#include <stdio.h>
#include <string.h>

#include "devserver.h"
#include "harness.h"

enum { COPIES = 100, LIMIT_MS = 20000 };

int main(void)
{
    NovaUser *users[COPIES] = {0};
    NovaOptions *options;
    NovaLogin *login = NULL;
    NovaStatus status;
    long deadline;
    int failures = 0;
    const struct identity *who = &NAVER_MINJI; /* a name beyond ASCII */

    devserver_url();
    deadline = now_ms() + LIMIT_MS;
    options = devserver_options();
    if (nova_options_set_user_agent(options, "alloc-test/1.0") != NOVA_OK) {
        printf("FAIL: nova_options_set_user_agent: expected NOVA_OK\n");
        return 1;
    }
    status = nova_login_start(options, &login);
    nova_options_free(options);
    if (status != NOVA_OK) {
        printf("FAIL: nova_login_start: expected NOVA_OK, got %s\n", nova_status_name(status));
        return 1;
    }
    if (!complete_login(login, who)) {
        printf("FAIL: completing the login (above)\n");
        nova_login_free(login);
        return 1;
    }
    while ((status = nova_login_wait(login, 100, NULL)) == NOVA_PENDING && now_ms() < deadline)
        ;
    if (status != NOVA_COMPLETED) {
        printf("FAIL: the login's end: expected NOVA_COMPLETED, got %s\n", nova_status_name(status));
        nova_login_free(login);
        return 1;
    }
    for (int i = 0; i < COPIES; i++) {
        status = nova_login_poll(login, &users[i]);
        if (status != NOVA_COMPLETED || users[i] == NULL || strcmp(users[i]->uid, who->uid) != 0) {
            printf("FAIL: poll %d: expected NOVA_COMPLETED with uid %s, got %s with uid %s\n", i,
                   who->uid, nova_status_name(status), users[i] ? users[i]->uid : "NULL");
            failures++;
        }
    }
    for (int i = 0; i < COPIES; i++)
        nova_user_free(users[i]);
    nova_login_free(login);
    printf("alloc: %d user copies handed out and freed: %s\n", COPIES, failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}

/* Poll, wait, url, error, refresh and cancel called from several threads on one login. */
#include <pthread.h>
#include <string.h>

#include "devserver.h"
#include "harness.h"

#define THREADS 6

enum caller_kind { POLLER, WAITER, CANCELLER };

/* One thread's part: what it calls, and what it saw at the end. */
struct caller {
    pthread_t thread;
    NovaLogin *login;
    enum caller_kind kind;
    NovaStatus status;
    int users_with_the_right_uid; /* completed answers whose user was Ada */
};

static void take_user(struct caller *caller, NovaUser *user)
{
    if (user != NULL && strcmp(user->uid, GOOGLE_ADA.uid) == 0)
        caller->users_with_the_right_uid++;
    nova_user_free(user);
}

static void *call_the_login(void *argument)
{
    struct caller *caller = argument;
    NovaUser *user = NULL;
    long deadline = now_ms() + 10000;
    switch (caller->kind) {
    case POLLER:
        /* Also reads the strings and asks for refreshes, as a host's UI thread would. */
        while ((caller->status = nova_login_poll(caller->login, &user)) == NOVA_PENDING &&
               now_ms() < deadline) {
            (void)nova_login_url(caller->login);
            (void)nova_login_error(caller->login);
            nova_login_refresh(caller->login);
            sleep_ms(10);
        }
        break;
    case WAITER:
        caller->status = nova_login_wait(caller->login, 10000, &user);
        break;
    case CANCELLER:
        sleep_ms(100);
        nova_login_cancel(caller->login);
        caller->status = nova_login_poll(caller->login, &user);
        break;
    }
    take_user(caller, user);
    return NULL;
}

/* Starts THREADS callers on `login`, of the kinds given in turn by `kinds`. */
static void start_callers(struct caller *callers, NovaLogin *login, const enum caller_kind *kinds, int kind_count)
{
    int i;
    for (i = 0; i < THREADS; i++) {
        memset(&callers[i], 0, sizeof callers[i]);
        callers[i].login = login;
        callers[i].kind = kinds[i % kind_count];
        pthread_create(&callers[i].thread, NULL, call_the_login, &callers[i]);
    }
}

static void join_callers(struct caller *callers)
{
    int i;
    for (i = 0; i < THREADS; i++)
        pthread_join(callers[i].thread, NULL);
}

void pollers_and_waiters_on_several_threads_all_see_the_completion(void)
{
    static const enum caller_kind kinds[] = {POLLER, WAITER};
    struct caller callers[THREADS];
    int i;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    start_callers(callers, login, kinds, 2);
    if (!complete_login(login, &GOOGLE_ADA))
        nova_login_cancel(login); /* end the callers before failing */
    join_callers(callers);
    for (i = 0; i < THREADS; i++) {
        CHECK_STATUS(NOVA_COMPLETED, callers[i].status);
        CHECK_INT(1, callers[i].users_with_the_right_uid);
    }
    nova_login_free(login);
}

void cancels_from_several_threads_end_every_waiter_with_cancelled(void)
{
    static const enum caller_kind kinds[] = {POLLER, WAITER, CANCELLER};
    struct caller callers[THREADS];
    long started = now_ms();
    int i;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    start_callers(callers, login, kinds, 3);
    join_callers(callers);
    CHECK(now_ms() - started < 5000);
    for (i = 0; i < THREADS; i++) {
        CHECK_STATUS(NOVA_ERR_CANCELLED, callers[i].status);
        CHECK_INT(0, callers[i].users_with_the_right_uid);
    }
    nova_login_free(login);
}

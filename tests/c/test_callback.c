/* nova_login_set_callback: when, where and how often the completion callback runs. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "devserver.h"
#include "harness.h"

#ifndef RACE_ITERATIONS
#define RACE_ITERATIONS 200
#endif

/* What a callback saw; the callback may run on another thread, hence the mutex. */
struct callback_record {
    pthread_mutex_t mutex;
    int calls;
    NovaStatus status;
    pthread_t thread;
};

static struct callback_record *new_record(void)
{
    struct callback_record *record = calloc(1, sizeof *record);
    pthread_mutex_init(&record->mutex, NULL);
    return record;
}

static void free_record(struct callback_record *record)
{
    pthread_mutex_destroy(&record->mutex);
    free(record);
}

static void record_call(void *user_data, NovaStatus status)
{
    struct callback_record *record = user_data;
    pthread_mutex_lock(&record->mutex);
    record->calls++;
    record->status = status;
    record->thread = pthread_self();
    pthread_mutex_unlock(&record->mutex);
}

static int calls_of(struct callback_record *record)
{
    int calls;
    pthread_mutex_lock(&record->mutex);
    calls = record->calls;
    pthread_mutex_unlock(&record->mutex);
    return calls;
}

/* Waits (at most 10 s) for the first call; returns the number of calls. */
static int wait_for_call(struct callback_record *record)
{
    long deadline = now_ms() + 10000;
    while (calls_of(record) == 0 && now_ms() < deadline)
        sleep_ms(5);
    return calls_of(record);
}

/* Starts a login with `record_call` on `record` as its callback; NULL (and a message) on failure. */
static NovaLogin *login_recording_to(struct callback_record *record)
{
    NovaLogin *login = devserver_login();
    NovaStatus status;
    if (login == NULL)
        return NULL;
    status = nova_login_set_callback(login, record_call, record);
    if (status != NOVA_OK) {
        printf("    nova_login_set_callback: expected NOVA_OK, got %s\n", nova_status_name(status));
        nova_login_free(login);
        return NULL;
    }
    return login;
}

void the_callback_runs_once_on_completion_on_another_thread(void)
{
    struct callback_record *record = new_record();
    NovaLogin *login = login_recording_to(record);
    CHECK(login != NULL);
    CHECK(complete_login(login, &GOOGLE_ADA));
    CHECK_INT(1, wait_for_call(record));
    CHECK_STATUS(NOVA_COMPLETED, record->status);
    CHECK(!pthread_equal(record->thread, pthread_self()));
    sleep_ms(300); /* room for a wrong second call */
    nova_login_free(login);
    CHECK_INT(1, calls_of(record));
    free_record(record);
}

/* The callback ran once, on this thread, with `status`; freeing the login (done here, with
 * the record) does not run it again. Prints what differed. */
static bool ran_once_here_then_never_again(struct callback_record *record, NovaStatus status,
                                           NovaLogin *login)
{
    int calls_before_free = calls_of(record);
    bool as_expected = calls_before_free == 1 && record->status == status &&
                       pthread_equal(record->thread, pthread_self());
    nova_login_free(login);
    if (!as_expected || calls_of(record) != 1)
        printf("    expected 1 call with %s on this thread, then none; got %d call(s), last %s, "
               "%d after free\n",
               nova_status_name(status), calls_before_free, nova_status_name(record->status),
               calls_of(record));
    as_expected = as_expected && calls_of(record) == 1;
    free_record(record);
    return as_expected;
}

void the_callback_runs_at_once_on_the_calling_thread_when_the_login_has_ended(void)
{
    struct callback_record *record = new_record();
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(complete_and_finish(login, &GOOGLE_ADA, NULL));
    CHECK_STATUS(NOVA_OK, nova_login_set_callback(login, record_call, record));
    CHECK(ran_once_here_then_never_again(record, NOVA_COMPLETED, login));
}

void the_callback_runs_with_cancelled_on_the_cancelling_thread(void)
{
    struct callback_record *record = new_record();
    NovaLogin *login = login_recording_to(record);
    CHECK(login != NULL);
    nova_login_cancel(login);
    CHECK(ran_once_here_then_never_again(record, NOVA_ERR_CANCELLED, login));
}

void free_of_a_pending_login_runs_its_callback_with_cancelled(void)
{
    struct callback_record *record = new_record();
    NovaLogin *login = login_recording_to(record);
    CHECK(login != NULL);
    nova_login_free(login);
    CHECK_INT(1, calls_of(record));
    CHECK_STATUS(NOVA_ERR_CANCELLED, record->status);
    free_record(record);
}

void a_second_callback_replaces_the_first(void)
{
    struct callback_record *first = new_record(), *second = new_record();
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK_STATUS(NOVA_OK, nova_login_set_callback(login, record_call, first));
    CHECK_STATUS(NOVA_OK, nova_login_set_callback(login, record_call, second));
    nova_login_cancel(login);
    nova_login_free(login);
    CHECK_INT(0, calls_of(first));
    CHECK_INT(1, calls_of(second));
    free_record(first);
    free_record(second);
}

void set_callback_rejects_a_null_callback(void)
{
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_login_set_callback(login, NULL, NULL));
    nova_login_free(login);
}

/* The login completes and is freed at about the same moment: the free is swept across the
 * round trip that brings the completion. The callback runs exactly once, with
 * NOVA_COMPLETED or, when the free ends the login first, NOVA_ERR_CANCELLED. The record is
 * freed right after nova_login_free, so valgrind reports a callback that runs late. */
void the_callback_never_runs_after_free_returns(void)
{
    int iteration, completed = 0;
    for (iteration = 0; iteration < RACE_ITERATIONS; iteration++) {
        struct callback_record *record = new_record();
        NovaLogin *login = devserver_login();
        int calls;
        NovaStatus status;
        CHECK(login != NULL);
        CHECK_STATUS(NOVA_OK, nova_login_set_callback(login, record_call, record));
        CHECK(complete_login(login, &GOOGLE_ADA));
        nova_login_refresh(login); /* poll now rather than at the end of the interval */
        sleep_ms(iteration % 25);
        nova_login_free(login);
        calls = calls_of(record);
        status = record->status;
        free_record(record);
        CHECK_INT(1, calls);
        if (status != NOVA_ERR_CANCELLED)
            CHECK_STATUS(NOVA_COMPLETED, status);
        completed += status == NOVA_COMPLETED;
    }
    printf("    %d iterations: the callback ran with NOVA_COMPLETED %d times, NOVA_ERR_CANCELLED %d times\n",
           RACE_ITERATIONS, completed, RACE_ITERATIONS - completed);
}

/* A callback that polls its own login, then frees it; `record` counts the call once that
 * free has returned. */
struct freeing_callback {
    NovaLogin *login;
    struct callback_record *record;
    NovaStatus polled; /* what the poll before the free saw */
};

static void poll_then_free_own_login(void *user_data, NovaStatus status)
{
    struct freeing_callback *freeing = user_data;
    freeing->polled = nova_login_poll(freeing->login, NULL);
    nova_login_free(freeing->login);
    record_call(freeing->record, status);
}

/* The callback ran once with `status`, on `thread` if `ran_there` (else on another thread),
 * polled that status and returned from its free. Prints what differed. */
static bool freed_itself_once(struct freeing_callback *freeing, NovaStatus status,
                              pthread_t thread, bool ran_there)
{
    struct callback_record *record = freeing->record;
    bool as_expected = wait_for_call(record) == 1 && record->status == status &&
                       freeing->polled == status &&
                       (pthread_equal(record->thread, thread) != 0) == ran_there;
    if (!as_expected)
        printf("    expected 1 call with %s on %s thread, its poll seeing the same and its free "
               "returning; got %d call(s), last %s, poll %s\n",
               nova_status_name(status), ran_there ? "the ending" : "another", calls_of(record),
               nova_status_name(record->status), nova_status_name(freeing->polled));
    sleep_ms(300); /* room for a wrong second call */
    as_expected = as_expected && calls_of(record) == 1;
    free_record(record);
    return as_expected;
}

/* A call that ends `freeing->login` on a thread of its own (returns_within_10_s). */
struct ending_call {
    void (*call)(struct freeing_callback *freeing);
    struct freeing_callback *freeing;
    pthread_t thread;
    pthread_mutex_t mutex;
    bool returned;
};

static void *make_ending_call(void *argument)
{
    struct ending_call *ending = argument;
    ending->call(ending->freeing);
    pthread_mutex_lock(&ending->mutex);
    ending->returned = true;
    pthread_mutex_unlock(&ending->mutex);
    return NULL;
}

static bool has_returned(struct ending_call *ending)
{
    bool returned;
    pthread_mutex_lock(&ending->mutex);
    returned = ending->returned;
    pthread_mutex_unlock(&ending->mutex);
    return returned;
}

/* Runs `call(freeing)` on a new thread, whose id goes to `*thread`, and waits at most 10 s
 * for it to return: a deadlock fails the test instead of hanging the suite (the stuck
 * thread and its call are left behind). */
static bool returns_within_10_s(void (*call)(struct freeing_callback *),
                                struct freeing_callback *freeing, pthread_t *thread)
{
    struct ending_call *ending = calloc(1, sizeof *ending);
    long deadline = now_ms() + 10000;
    ending->call = call;
    ending->freeing = freeing;
    pthread_mutex_init(&ending->mutex, NULL);
    pthread_create(&ending->thread, NULL, make_ending_call, ending);
    while (!has_returned(ending) && now_ms() < deadline)
        sleep_ms(5);
    if (!has_returned(ending)) {
        printf("    expected the call that ends the login to return within 10 s\n");
        return false;
    }
    pthread_join(ending->thread, NULL);
    *thread = ending->thread;
    pthread_mutex_destroy(&ending->mutex);
    free(ending);
    return true;
}

static void set_the_freeing_callback(struct freeing_callback *freeing)
{
    NovaStatus status = nova_login_set_callback(freeing->login, poll_then_free_own_login, freeing);
    if (status != NOVA_OK)
        printf("    nova_login_set_callback: expected NOVA_OK, got %s\n", nova_status_name(status));
}

static void cancel_the_login(struct freeing_callback *freeing)
{
    nova_login_cancel(freeing->login);
}

static void free_the_login(struct freeing_callback *freeing)
{
    nova_login_free(freeing->login);
}

void the_callback_may_free_its_login_on_completion(void)
{
    struct freeing_callback freeing = {devserver_login(), new_record(), NOVA_PENDING};
    CHECK(freeing.login != NULL);
    CHECK_STATUS(NOVA_OK, nova_login_set_callback(freeing.login, poll_then_free_own_login, &freeing));
    CHECK(complete_login(freeing.login, &GOOGLE_ADA));
    CHECK(freed_itself_once(&freeing, NOVA_COMPLETED, pthread_self(), false));
}

void the_callback_run_at_once_by_set_callback_may_free_its_login(void)
{
    struct freeing_callback freeing = {devserver_login(), new_record(), NOVA_PENDING};
    pthread_t ending_thread;
    CHECK(freeing.login != NULL);
    CHECK(complete_and_finish(freeing.login, &GOOGLE_ADA, NULL));
    CHECK(returns_within_10_s(set_the_freeing_callback, &freeing, &ending_thread));
    CHECK(freed_itself_once(&freeing, NOVA_COMPLETED, ending_thread, true));
}

void the_callback_run_by_cancel_may_free_its_login(void)
{
    struct freeing_callback freeing = {devserver_login(), new_record(), NOVA_PENDING};
    pthread_t ending_thread;
    CHECK(freeing.login != NULL);
    CHECK_STATUS(NOVA_OK, nova_login_set_callback(freeing.login, poll_then_free_own_login, &freeing));
    CHECK(returns_within_10_s(cancel_the_login, &freeing, &ending_thread));
    CHECK(freed_itself_once(&freeing, NOVA_ERR_CANCELLED, ending_thread, true));
}

/* The callback's free is the second free of the login: it does nothing, and the first
 * releases the login once the callback has returned. */
void the_callback_run_by_free_may_free_its_login_again(void)
{
    struct freeing_callback freeing = {devserver_login(), new_record(), NOVA_PENDING};
    pthread_t ending_thread;
    CHECK(freeing.login != NULL);
    CHECK_STATUS(NOVA_OK, nova_login_set_callback(freeing.login, poll_then_free_own_login, &freeing));
    CHECK(returns_within_10_s(free_the_login, &freeing, &ending_thread));
    CHECK(freed_itself_once(&freeing, NOVA_ERR_CANCELLED, ending_thread, true));
}

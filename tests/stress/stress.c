/* Concurrency stress: 8 threads drive thousands of logins against one dev server, calling
 * poll, wait, refresh, url, error, cancel, set_callback and free at random, on their own
 * logins and on logins other threads own. Checks that every login reaches the end its plan
 * calls for, that every registered callback runs exactly once with that end, that the run is
 * bounded, and that the library adds at most two threads (its background thread and at most
 * one helper).
 *
 * Usage: stress [logins] [seed]   (defaults: 2000 logins, a seed from the clock) */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devserver.h"
#include "harness.h"

enum {
    THREADS = 8,
    WINDOW = 4, /* logins each thread keeps going at once */
    SLOTS = THREADS * WINDOW,
    RUN_LIMIT_MS = 90000,
    EXTRA_THREADS_ALLOWED = 2,
};

/* What the owner does with a login; it decides the only end state the login may reach. */
enum plan { PLAN_COMPLETE, PLAN_CANCEL, PLAN_FREE_PENDING };

static const char *const PLAN_NAMES[] = {"complete", "cancel", "free while pending"};

static const struct identity *const ACCOUNTS[] = {&GOOGLE_ADA, &NAVER_MINJI, &KAKAO_SEOJUN};

struct tracked {
    NovaLogin *login; /* NULL: the slot is free */
    int number;
    enum plan plan;
    const struct identity *who;
    bool posted;         /* PLAN_COMPLETE: the session was completed on the server */
    bool wants_callback; /* registers one callback at a random moment of its life */
    bool has_callback;
    atomic_int callback_runs;
    atomic_int callback_status;
    int sharers; /* threads borrowing it now; guarded by share_lock */
};

/* The owner thread of logins[i] is i / WINDOW; any thread may borrow a published one. */
static struct tracked logins[SLOTS];
static struct tracked *published[SLOTS];
static pthread_mutex_t share_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t share_returned = PTHREAD_COND_INITIALIZER;

static const char *base_url;
static unsigned seed;
static int total_logins;
static long deadline_ms;
static pthread_barrier_t start_line;
static atomic_bool sampling = true;
static atomic_int max_threads;
static atomic_int started, completed, cancelled, freed_pending, callbacks_ran, borrowed_calls;
static atomic_int failures;
static atomic_bool out_of_time;

static void fail(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void fail(const char *format, ...)
{
    va_list arguments;
    /* The first failures tell the story; thousands of copies would bury it. */
    if (atomic_fetch_add(&failures, 1) >= 20)
        return;
    va_start(arguments, format);
    flockfile(stdout);
    printf("FAIL: ");
    vprintf(format, arguments);
    printf("\n");
    funlockfile(stdout);
    va_end(arguments);
}

static unsigned next_random(unsigned *state)
{
    /* xorshift32: cheap, per thread, reproducible from the seed printed. */
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

static int count_threads(void)
{
    DIR *tasks = opendir("/proc/self/task");
    struct dirent *entry;
    int count = 0;
    if (tasks == NULL)
        return -1;
    while ((entry = readdir(tasks)) != NULL)
        if (entry->d_name[0] != '.')
            count++;
    closedir(tasks);
    return count;
}

static void *sample_threads(void *unused)
{
    (void)unused;
    while (atomic_load(&sampling)) {
        int count = count_threads();
        int seen = atomic_load(&max_threads);
        while (count > seen && !atomic_compare_exchange_weak(&max_threads, &seen, count))
            ;
        sleep_ms(2);
    }
    return NULL;
}

static void on_end(void *user_data, NovaStatus status)
{
    struct tracked *t = user_data;
    atomic_store(&t->callback_status, status);
    atomic_fetch_add(&t->callback_runs, 1);
}

static NovaStatus end_status(enum plan plan)
{
    return plan == PLAN_COMPLETE ? NOVA_COMPLETED : NOVA_ERR_CANCELLED;
}

/* A status seen at any time: pending, or the one end the plan allows. */
static void check_status(const struct tracked *t, NovaStatus status, const char *call)
{
    if (status == NOVA_PENDING || (t->plan != PLAN_FREE_PENDING && status == end_status(t->plan)))
        return;
    fail("login %d (%s): %s: expected NOVA_PENDING or %s, got %s (error: %s)", t->number,
         PLAN_NAMES[t->plan], call, nova_status_name(end_status(t->plan)), nova_status_name(status),
         nova_login_error(t->login) ? nova_login_error(t->login) : "NULL");
}

static void check_user(const struct tracked *t, NovaUser *user, const char *call)
{
    if (user == NULL || strcmp(user->uid, t->who->uid) != 0 || user->name == NULL ||
        strcmp(user->name, t->who->name) != 0)
        fail("login %d: %s: expected user %s \"%s\", got %s \"%s\"", t->number, call, t->who->uid,
             t->who->name, user ? user->uid : "NULL", user && user->name ? user->name : "NULL");
    nova_user_free(user);
}

/* One call that any thread may make on a login it owns or borrows. */
static void random_call(struct tracked *t, unsigned *random)
{
    NovaUser *user = NULL;
    NovaStatus status;
    const char *text;
    switch (next_random(random) % 7) {
    case 0:
        status = nova_login_poll(t->login, &user);
        check_status(t, status, "nova_login_poll");
        if (status == NOVA_COMPLETED)
            check_user(t, user, "nova_login_poll");
        else if (user != NULL)
            fail("login %d: nova_login_poll: expected no user with %s, got one", t->number,
                 nova_status_name(status));
        break;
    case 1:
        status = nova_login_wait(t->login, next_random(random) % 5, &user);
        check_status(t, status, "nova_login_wait");
        if (status == NOVA_COMPLETED)
            check_user(t, user, "nova_login_wait");
        break;
    case 2:
        check_status(t, nova_login_poll(t->login, NULL), "nova_login_poll(NULL user)");
        break;
    case 3:
        check_status(t, nova_login_refresh(t->login), "nova_login_refresh");
        break;
    case 4:
        text = nova_login_url(t->login);
        if (text != NULL && (strncmp(text, base_url, strlen(base_url)) != 0 ||
                             strstr(text, "/login?session=") == NULL))
            fail("login %d: nova_login_url: expected %s/login?session=..., got %s", t->number,
                 base_url, text);
        break;
    case 5:
        /* An error message exists only once the login ended in an error. */
        text = nova_login_error(t->login);
        status = nova_login_poll(t->login, NULL);
        if (text != NULL && status >= 0)
            fail("login %d: nova_login_error: expected NULL with %s, got \"%s\"", t->number,
                 nova_status_name(status), text);
        break;
    default:
        /* Cancelled by whichever thread comes first; only logins meant to be cancelled. */
        if (t->plan == PLAN_CANCEL)
            nova_login_cancel(t->login);
        break;
    }
}

static struct tracked *borrow(unsigned *random)
{
    struct tracked *t;
    pthread_mutex_lock(&share_lock);
    t = published[next_random(random) % SLOTS];
    if (t != NULL)
        t->sharers++;
    pthread_mutex_unlock(&share_lock);
    return t;
}

static void give_back(struct tracked *t)
{
    pthread_mutex_lock(&share_lock);
    if (--t->sharers == 0)
        pthread_cond_broadcast(&share_returned);
    pthread_mutex_unlock(&share_lock);
}

/* Takes the login out of reach of other threads and waits until none uses it: the header
 * forbids nova_login_free racing with other calls on the same login. */
static void unpublish(struct tracked *t)
{
    pthread_mutex_lock(&share_lock);
    published[t - logins] = NULL;
    while (t->sharers > 0)
        pthread_cond_wait(&share_returned, &share_lock);
    pthread_mutex_unlock(&share_lock);
}

static void register_callback(struct tracked *t)
{
    NovaStatus status = nova_login_set_callback(t->login, on_end, t);
    if (status != NOVA_OK)
        fail("login %d: nova_login_set_callback: expected NOVA_OK, got %s", t->number,
             nova_status_name(status));
    t->has_callback = true;
}

static void start(struct tracked *t, NovaOptions *shared_options, unsigned *random)
{
    NovaOptions *own_options = NULL;
    NovaStatus status;
    unsigned pick = next_random(random) % 10;

    t->number = atomic_fetch_add(&started, 1);
    t->plan = pick < 5 ? PLAN_COMPLETE : pick < 8 ? PLAN_CANCEL : PLAN_FREE_PENDING;
    t->who = ACCOUNTS[next_random(random) % 3];
    t->posted = false;
    t->wants_callback = next_random(random) % 2;
    t->has_callback = false;
    atomic_store(&t->callback_runs, 0);
    atomic_store(&t->callback_status, 0);
    /* Half start from options made and freed just for them: a login keeps its own copy. */
    if (next_random(random) % 2)
        own_options = devserver_options();
    status = nova_login_start(own_options ? own_options : shared_options, &t->login);
    nova_options_free(own_options);
    if (status != NOVA_OK || t->login == NULL) {
        fail("login %d: nova_login_start: expected NOVA_OK, got %s", t->number, nova_status_name(status));
        t->login = NULL;
        return;
    }
    if (t->wants_callback && next_random(random) % 3 == 0)
        register_callback(t);
    pthread_mutex_lock(&share_lock);
    published[t - logins] = t;
    pthread_mutex_unlock(&share_lock);
}

/* Moves the login one step along its plan; true once it reached its end state. */
static bool advance(struct tracked *t)
{
    char id[128];
    NovaUser *user = NULL;
    NovaStatus status;
    int http;

    switch (t->plan) {
    case PLAN_COMPLETE:
        if (!t->posted) {
            if (!current_session_id(t->login, id, sizeof id))
                return false;
            http = devserver_complete(id, t->who);
            if (http != 200)
                fail("login %d: complete-session: expected HTTP 200, got %d", t->number, http);
            t->posted = true;
            return false;
        }
        status = nova_login_wait(t->login, 20, &user);
        check_status(t, status, "nova_login_wait");
        if (status != NOVA_COMPLETED)
            return false;
        check_user(t, user, "nova_login_wait");
        return true;
    case PLAN_CANCEL:
        nova_login_cancel(t->login);
        status = nova_login_poll(t->login, NULL);
        if (status != NOVA_ERR_CANCELLED)
            fail("login %d: poll after nova_login_cancel: expected NOVA_ERR_CANCELLED, got %s",
                 t->number, nova_status_name(status));
        return true;
    default:
        status = nova_login_poll(t->login, NULL);
        if (status != NOVA_PENDING)
            fail("login %d: poll before freeing it pending: expected NOVA_PENDING, got %s",
                 t->number, nova_status_name(status));
        return true;
    }
}

/* Checks the end state once more, frees the login and checks its callback. */
static void finish(struct tracked *t)
{
    NovaUser *user = NULL;
    NovaStatus status;
    int runs;

    unpublish(t);
    if (t->plan != PLAN_FREE_PENDING) {
        status = nova_login_poll(t->login, &user);
        if (status != end_status(t->plan))
            fail("login %d (%s): final poll: expected %s, got %s", t->number, PLAN_NAMES[t->plan],
                 nova_status_name(end_status(t->plan)), nova_status_name(status));
        else if (status == NOVA_COMPLETED)
            check_user(t, user, "final nova_login_poll");
        if (status == NOVA_ERR_CANCELLED && nova_login_error(t->login) == NULL)
            fail("login %d: nova_login_error after cancel: expected a message, got NULL", t->number);
    }
    /* Not registered yet: registering now runs it at once (ended) or in free (pending). */
    if (t->wants_callback && !t->has_callback)
        register_callback(t);
    nova_login_free(t->login);
    t->login = NULL;

    runs = atomic_load(&t->callback_runs);
    if (runs != (t->has_callback ? 1 : 0))
        fail("login %d (%s): callback runs: expected %d, got %d", t->number, PLAN_NAMES[t->plan],
             t->has_callback ? 1 : 0, runs);
    else if (runs == 1 && atomic_load(&t->callback_status) != end_status(t->plan))
        fail("login %d (%s): callback status: expected %s, got %s", t->number, PLAN_NAMES[t->plan],
             nova_status_name(end_status(t->plan)), nova_status_name(atomic_load(&t->callback_status)));
    atomic_fetch_add(&callbacks_ran, runs);
    atomic_fetch_add(t->plan == PLAN_COMPLETE ? &completed : t->plan == PLAN_CANCEL ? &cancelled : &freed_pending, 1);
}

static void *worker(void *argument)
{
    int index = (int)(long)argument;
    /* xorshift needs a non-zero state; each thread its own sequence of the one seed. */
    unsigned random = (seed ^ (unsigned)(index + 1) * 2654435761u) | 1;
    struct tracked *mine = &logins[index * WINDOW];
    NovaOptions *options = devserver_options();
    int quota = total_logins / THREADS + (index < total_logins % THREADS ? 1 : 0);
    int active = 0;

    pthread_barrier_wait(&start_line);
    while (quota > 0 || active > 0) {
        struct tracked *t = &mine[next_random(&random) % WINDOW];
        struct tracked *other;
        unsigned choice = next_random(&random) % 8;

        if (now_ms() > deadline_ms && !atomic_exchange(&out_of_time, true))
            fail("the run took over %d s", RUN_LIMIT_MS / 1000);
        if (atomic_load(&out_of_time))
            quota = 0; /* start no more; end those going */
        if (t->login == NULL) {
            if (quota > 0) {
                start(t, options, &random);
                quota--;
                active += t->login != NULL;
            }
            continue;
        }
        if (atomic_load(&out_of_time)) {
            unpublish(t); /* already failed: only release it */
            nova_login_free(t->login);
            t->login = NULL;
            active--;
        } else if (choice < 4) {
            if (advance(t)) {
                finish(t);
                active--;
            }
        } else if (choice == 4) {
            if (t->wants_callback && !t->has_callback)
                register_callback(t);
        } else if (choice == 5) {
            random_call(t, &random);
        } else if ((other = borrow(&random)) != NULL) {
            random_call(other, &random);
            give_back(other);
            atomic_fetch_add(&borrowed_calls, 1);
        }
    }
    nova_options_free(options);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t workers[THREADS], sampler;
    int baseline, threads_max;
    long began, elapsed;

    total_logins = argc > 1 ? atoi(argv[1]) : 2000;
    seed = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : (unsigned)time(NULL);
    if (total_logins < THREADS) {
        fprintf(stderr, "usage: stress [logins >= %d] [seed]\n", THREADS);
        return 2;
    }
    base_url = devserver_url();
    /* A hang (a wait that never returns) must still end the run. */
    alarm(RUN_LIMIT_MS / 1000 + 60);

    pthread_barrier_init(&start_line, NULL, THREADS + 1);
    for (long i = 0; i < THREADS; i++)
        pthread_create(&workers[i], NULL, worker, (void *)i);
    pthread_create(&sampler, NULL, sample_threads, NULL);
    sleep_ms(50); /* the sampler's first look, with every test thread up and no login yet */
    baseline = count_threads();
    atomic_store(&max_threads, baseline);

    began = now_ms();
    deadline_ms = began + RUN_LIMIT_MS;
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < THREADS; i++)
        pthread_join(workers[i], NULL);
    elapsed = now_ms() - began;
    atomic_store(&sampling, false);
    pthread_join(sampler, NULL);
    pthread_barrier_destroy(&start_line);

    threads_max = atomic_load(&max_threads);
    if (threads_max > baseline + EXTRA_THREADS_ALLOWED)
        fail("threads during the run: expected at most %d (%d before the first login + %d), got %d",
             baseline + EXTRA_THREADS_ALLOWED, baseline, EXTRA_THREADS_ALLOWED, threads_max);
    if (atomic_load(&started) != total_logins)
        fail("logins started: expected %d, got %d", total_logins, atomic_load(&started));
    printf("stress: %d logins, seed %u, %ld.%01ld s: %d completed, %d cancelled, %d freed while pending; "
           "%d callbacks ran; %d calls on borrowed logins; threads: %d before the first login, at most %d "
           "during the run\n",
           atomic_load(&started), seed, elapsed / 1000, elapsed % 1000 / 100, atomic_load(&completed),
           atomic_load(&cancelled), atomic_load(&freed_pending), atomic_load(&callbacks_ran),
           atomic_load(&borrowed_calls), baseline, threads_max);
    printf("stress: %s (%d failures)\n", atomic_load(&failures) ? "FAILED" : "ok", atomic_load(&failures));
    return atomic_load(&failures) ? 1 : 0;
}

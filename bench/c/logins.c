/* Many concurrent logins against the dev server.
 *
 * Usage: logins BASE_URL COUNT INTERVAL_MS MODE [SECONDS]
 *   memory  threads, VmRSS and heap in use before the first login, with 1 pending login and
 *           with COUNT pending logins. With SECONDS > 0, the logins start one at a time,
 *           SECONDS apart, so that one pooled connection serves them all.
 *   cpu     the CPU time (user + system) the process spends over SECONDS with COUNT pending
 *           logins polling every INTERVAL_MS
 *   watch   prints "url I URL" for each login and then "ready"; bench/run completes the
 *           sessions; the callback records when each login ended, and once all have, prints
 *           "seen I NS STATUS" lines (NS on CLOCK_MONOTONIC). With SECONDS > 0, the logins
 *           start one at a time, SECONDS apart, as people would start them.
 *
 * Otherwise logins start 100 at a time, each batch once the previous one's sessions exist:
 * a burst of simultaneous create-session requests needs one connection each, which would be
 * a figure of the burst, not of a pending login. */
#include <malloc.h>
#include <sys/resource.h>

#include "bench.h"

#define BATCH 100

static uint64_t *seen_ns;
static NovaStatus *seen_status;
static long ended; /* logins whose callback ran; atomic */

static void on_end(void *user_data, NovaStatus status)
{
    size_t index = (size_t)(uintptr_t)user_data;
    seen_ns[index] = now_ns();
    seen_status[index] = status;
    __atomic_add_fetch(&ended, 1, __ATOMIC_RELEASE);
}

static size_t heap_in_use(void)
{
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

static double cpu_seconds(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
           (double)usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void start_logins(NovaOptions *options, NovaLogin **logins, long from, long to, int watch,
                         double gap_seconds)
{
    long batch_size = gap_seconds > 0 ? 1 : BATCH;
    for (long batch = from; batch < to; batch += batch_size) {
        long end = batch + batch_size < to ? batch + batch_size : to;
        for (long i = batch; i < end; i++) {
            NovaStatus status = nova_login_start(options, &logins[i]);
            if (status != NOVA_OK)
                die("nova_login_start", status);
            if (watch)
                nova_login_set_callback(logins[i], on_end, (void *)(uintptr_t)i);
        }
        for (long i = batch; i < end; i++)
            wait_for_session(logins[i]);
        usleep((useconds_t)(gap_seconds * 1e6));
    }
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: logins BASE_URL COUNT INTERVAL_MS memory|cpu|watch [SECONDS]\n");
        return 2;
    }
    long count = atol(argv[2]);
    const char *mode = argv[4];
    double seconds = argc > 5 ? atof(argv[5]) : 0;
    NovaOptions *options = bench_options(argv[1], (uint32_t)atol(argv[3]));
    NovaLogin **logins = calloc((size_t)count, sizeof *logins);
    seen_ns = calloc((size_t)count, sizeof *seen_ns);
    seen_status = calloc((size_t)count, sizeof *seen_status);

    if (strcmp(mode, "memory") == 0) {
        long threads0 = proc_status("Threads"), rss0 = proc_status("VmRSS");
        size_t heap0 = heap_in_use();
        start_logins(options, logins, 0, 1, 0, seconds);
        long threads1 = proc_status("Threads"), rss1 = proc_status("VmRSS");
        size_t heap1 = heap_in_use();
        start_logins(options, logins, 1, count, 0, seconds);
        long threads_n = proc_status("Threads"), rss_n = proc_status("VmRSS");
        size_t heap_n = heap_in_use();
        printf("{\"logins\": %ld, \"threads\": [%ld, %ld, %ld], \"rss_kib\": [%ld, %ld, %ld], "
               "\"heap_bytes\": [%zu, %zu, %zu]}\n",
               count, threads0, threads1, threads_n, rss0, rss1, rss_n, heap0, heap1, heap_n);
    } else if (strcmp(mode, "cpu") == 0) {
        start_logins(options, logins, 0, count, 0, 0);
        double before = cpu_seconds();
        usleep((useconds_t)(seconds * 1e6));
        double spent = cpu_seconds() - before;
        printf("{\"logins\": %ld, \"seconds\": %.1f, \"cpu_ms\": %.1f}\n", count, seconds, spent * 1e3);
    } else if (strcmp(mode, "watch") == 0) {
        start_logins(options, logins, 0, count, 1, seconds);
        for (long i = 0; i < count; i++)
            printf("url %ld %s\n", i, nova_login_url(logins[i]));
        printf("ready\n");
        fflush(stdout);
        /* Waits for the callbacks rather than with nova_login_wait: that returns once the
         * outcome is set, possibly before the callback ran, and freeing the login then would
         * drop the callback. */
        while (__atomic_load_n(&ended, __ATOMIC_ACQUIRE) < count)
            usleep(1000);
        for (long i = 0; i < count; i++)
            nova_login_free(logins[i]);
        for (long i = 0; i < count; i++)
            printf("seen %ld %llu %s\n", i, (unsigned long long)seen_ns[i], nova_status_name(seen_status[i]));
        printf("{\"logins\": %ld}\n", count);
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    return 0;
}

/* Cost of nova_login_start: the first call of the process (it starts the background thread)
 * and later calls, and the heap allocations of a later call (counted by allocations.c).
 *
 * Usage: start BASE_URL LATER_CALLS
 * With LATER_CALLS = 0 it starts one login, waits until its session exists (so the network
 * work surely happened), and prints its process id: bench/run runs it so under
 * `strace -f -e trace=%network` to check that the calling thread (whose id is the process
 * id) made no network system call. */
#include "bench.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: start BASE_URL LATER_CALLS\n");
        return 2;
    }
    long later = atol(argv[2]);
    NovaOptions *options = bench_options(argv[1], 60000);
    NovaLogin **logins = calloc((size_t)later + 1, sizeof *logins);
    uint64_t *later_ns = calloc((size_t)later + 1, sizeof *later_ns);

    uint64_t start = now_ns();
    NovaStatus status = nova_login_start(options, &logins[0]);
    uint64_t first_ns = now_ns() - start;
    if (status != NOVA_OK)
        die("nova_login_start", status);

    if (later == 0) {
        wait_for_session(logins[0]);
        printf("{\"pid\": %ld}\n", (long)getpid());
        nova_login_free(logins[0]);
        nova_options_free(options);
        return 0;
    }

    unsigned long before = bench_allocations();
    for (long i = 1; i <= later; i++) {
        start = now_ns();
        status = nova_login_start(options, &logins[i]);
        later_ns[i - 1] = now_ns() - start;
        if (status != NOVA_OK)
            die("nova_login_start", status);
    }
    double allocations_per_call = (double)(bench_allocations() - before) / (double)later;
    uint64_t best = quantile(later_ns, (size_t)later, 0.0);
    uint64_t median = quantile(later_ns, (size_t)later, 0.5);
    uint64_t p95 = quantile(later_ns, (size_t)later, 0.95);
    printf("{\"first_us\": %.2f, \"later_calls\": %ld, \"later_best_us\": %.2f, "
           "\"later_median_us\": %.2f, \"later_p95_us\": %.2f, \"allocations_per_call\": %.1f}\n",
           first_ns / 1000.0, later, best / 1000.0, median / 1000.0, p95 / 1000.0, allocations_per_call);
    for (long i = 0; i <= later; i++)
        nova_login_free(logins[i]);
    nova_options_free(options);
    return 0;
}

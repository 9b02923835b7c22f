/* Cost of nova_login_poll on a pending login, and the heap allocations it makes.
 *
 * Usage: poll BASE_URL POLLS REPEATS
 * Times REPEATS loops of POLLS polls each. Also run under callgrind by bench/run, with
 * --toggle-collect=nova_login_poll, for an instruction count that does not depend on load.
 * Allocations on the calling thread are counted by allocations.c. */
#include "bench.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: poll BASE_URL POLLS REPEATS\n");
        return 2;
    }
    long polls = atol(argv[2]), repeats = atol(argv[3]);
    uint64_t *per_poll_ps = calloc((size_t)repeats, sizeof *per_poll_ps);

    /* Proves the counter sees the library's allocations: options hold heap strings. */
    unsigned long before_options = bench_allocations();
    NovaOptions *options = bench_options(argv[1], 60000);
    unsigned long options_allocations = bench_allocations() - before_options;

    NovaLogin *login = NULL;
    NovaStatus status = nova_login_start(options, &login);
    if (status != NOVA_OK)
        die("nova_login_start", status);
    wait_for_session(login);

    unsigned long before_polls = bench_allocations();
    for (long r = 0; r < repeats; r++) {
        uint64_t start = now_ns();
        for (long i = 0; i < polls; i++) {
            NovaUser *user;
            if (nova_login_poll(login, &user) != NOVA_PENDING)
                die("the login left the pending state during the loop", NOVA_ERR_INTERNAL);
        }
        per_poll_ps[r] = (now_ns() - start) * 1000u / (uint64_t)polls;
    }
    unsigned long poll_allocations = bench_allocations() - before_polls;

    uint64_t best = quantile(per_poll_ps, (size_t)repeats, 0.0);
    uint64_t median = quantile(per_poll_ps, (size_t)repeats, 0.5);
    printf("{\"polls\": %ld, \"repeats\": %ld, \"best_ns\": %.2f, \"median_ns\": %.2f, "
           "\"allocations_in_polls\": %lu, \"allocations_in_options_new\": %lu}\n",
           polls, repeats, best / 1000.0, median / 1000.0, poll_allocations, options_allocations);
    nova_login_free(login);
    nova_options_free(options);
    free(per_poll_ps);
    return 0;
}

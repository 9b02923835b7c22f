/* Helpers shared by the C benchmark programs. Each program prints its figures as one JSON
 * object on the last line of stdout, for bench/run to read. */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nova_auth.h"

/* CLOCK_MONOTONIC, the clock Python's time.monotonic_ns() reads, so that bench/run can
 * compare its own timestamps with ours. */
static inline uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Heap allocations made so far on the calling thread (allocations.c). */
unsigned long bench_allocations(void);

static inline void die(const char *what, NovaStatus status)
{
    fprintf(stderr, "%s: %s\n", what, nova_status_name(status));
    exit(1);
}

/* A field of /proc/self/status such as "Threads" or "VmRSS" (kB), or -1. */
static inline long proc_status(const char *field)
{
    FILE *file = fopen("/proc/self/status", "r");
    char line[256];
    long value = -1;
    size_t length = strlen(field);
    while (file != NULL && fgets(line, sizeof line, file) != NULL) {
        if (strncmp(line, field, length) == 0 && line[length] == ':') {
            value = strtol(line + length + 1, NULL, 10);
            break;
        }
    }
    if (file != NULL)
        fclose(file);
    return value;
}

/* Options for the dev server at `base_url`, never opening a browser. */
static inline NovaOptions *bench_options(const char *base_url, uint32_t interval_ms)
{
    NovaOptions *options = nova_options_new();
    NovaStatus status;
    if (options == NULL)
        die("nova_options_new", NOVA_ERR_INTERNAL);
    if ((status = nova_options_set_base_url(options, base_url)) != NOVA_OK)
        die("nova_options_set_base_url", status);
    if ((status = nova_options_set_poll_interval_ms(options, interval_ms)) != NOVA_OK)
        die("nova_options_set_poll_interval_ms", status);
    if ((status = nova_options_set_open_browser(options, false)) != NOVA_OK)
        die("nova_options_set_open_browser", status);
    return options;
}

/* Waits until the server created the login's session: from then on the login is pending
 * and idle between polls. Reads the URL and the error only, never the status: under
 * callgrind every nova_login_poll is counted, and only the timed loop's may be. */
static inline void wait_for_session(NovaLogin *login)
{
    while (nova_login_url(login) == NULL) {
        const char *error = nova_login_error(login);
        if (error != NULL) {
            fprintf(stderr, "the login ended before its session existed: %s\n", error);
            exit(1);
        }
        usleep(200);
    }
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0..1) of `values`, which it sorts. */
static inline uint64_t quantile(uint64_t *values, size_t count, double q)
{
    qsort(values, count, sizeof *values, compare_u64);
    return values[(size_t)(q * (double)(count - 1) + 0.5)];
}

#endif

/* A minimal test harness: each test is a void function; a failed CHECK prints where, what
 * was expected and what came, then ends the test. main.c runs the tests and counts. */
#ifndef HARNESS_H
#define HARNESS_H

#include <string.h>

#include "nova_auth.h"

/* Records a failed check of the running test and prints it. */
void harness_fail(const char *file, int line, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#define CHECK(condition)                                                       \
    do {                                                                       \
        if (!(condition)) {                                                    \
            harness_fail(__FILE__, __LINE__, "expected %s", #condition);       \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_STATUS(expected, actual)                                         \
    do {                                                                       \
        NovaStatus expected_ = (expected), actual_ = (actual);                 \
        if (expected_ != actual_) {                                            \
            harness_fail(__FILE__, __LINE__, "%s: expected %s, got %s (%d)",   \
                         #actual, nova_status_name(expected_),                 \
                         nova_status_name(actual_), (int)actual_);             \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_INT(expected, actual)                                            \
    do {                                                                       \
        long expected_ = (long)(expected), actual_ = (long)(actual);           \
        if (expected_ != actual_) {                                            \
            harness_fail(__FILE__, __LINE__, "%s: expected %ld, got %ld",      \
                         #actual, expected_, actual_);                         \
            return;                                                            \
        }                                                                      \
    } while (0)

/* Compares two strings, either of which may be NULL. */
#define CHECK_STR(expected, actual)                                            \
    do {                                                                       \
        const char *expected_ = (expected), *actual_ = (actual);               \
        if (expected_ == NULL ? actual_ != NULL                                \
                              : actual_ == NULL || strcmp(expected_, actual_)) { \
            harness_fail(__FILE__, __LINE__, "%s: expected %s%s%s, got %s%s%s", \
                         #actual, expected_ ? "\"" : "",                       \
                         expected_ ? expected_ : "NULL", expected_ ? "\"" : "", \
                         actual_ ? "\"" : "", actual_ ? actual_ : "NULL",      \
                         actual_ ? "\"" : "");                                 \
            return;                                                            \
        }                                                                      \
    } while (0)

/* Checks that `haystack` is a string holding `needle`. */
#define CHECK_CONTAINS(needle, haystack)                                       \
    do {                                                                       \
        const char *needle_ = (needle), *haystack_ = (haystack);               \
        if (haystack_ == NULL || strstr(haystack_, needle_) == NULL) {         \
            harness_fail(__FILE__, __LINE__, "%s: expected a string holding \"%s\", got %s%s%s", \
                         #haystack, needle_, haystack_ ? "\"" : "",            \
                         haystack_ ? haystack_ : "NULL", haystack_ ? "\"" : ""); \
            return;                                                            \
        }                                                                      \
    } while (0)

/* Milliseconds on a monotonic clock (clock.c). */
long now_ms(void);

void sleep_ms(long ms);

#ifdef _WIN32
#include <stdlib.h>

/* The POSIX calls the tests use. _putenv_s also sets the process environment that the
 * library reads; an empty value removes the variable. */
static inline int setenv(const char *name, const char *value, int overwrite)
{
    (void)overwrite;
    return _putenv_s(name, value);
}

static inline int unsetenv(const char *name)
{
    return _putenv_s(name, "");
}
#endif

#endif

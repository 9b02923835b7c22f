/* The clock of the C tests (harness.h), shared with tests/stress. */
#include <time.h>

#include "harness.h"

#ifdef _WIN32
#include <windows.h>

/* The performance counter (GetTickCount64 moves in steps of about 16 ms), from the first
 * call: a Windows long has 32 bits. main() calls it before any test starts a thread. */
long now_ms(void)
{
    static LARGE_INTEGER first, frequency;
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    if (frequency.QuadPart == 0) {
        QueryPerformanceFrequency(&frequency);
        first = now;
    }
    return (long)((now.QuadPart - first.QuadPart) * 1000 / frequency.QuadPart);
}

void sleep_ms(long ms)
{
    Sleep((DWORD)ms);
}
#else
long now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000L + now.tv_nsec / 1000000L;
}

void sleep_ms(long ms)
{
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}
#endif

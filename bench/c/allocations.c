/* Counts heap allocations by defining malloc and its siblings: the executable's definitions
 * take precedence over libc's for every library it loads, the Rust library included, and
 * they forward to glibc's own entry points. No LD_PRELOAD is needed. The count is per
 * thread, so the library's background thread does not add to the caller's. (A before/after
 * mallinfo2() would miss a malloc paired with a free inside one call.) */
#include <errno.h>
#include <stddef.h>

#include "bench.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static __thread unsigned long allocations;

unsigned long bench_allocations(void)
{
    return allocations;
}

void *malloc(size_t size)
{
    allocations++;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    allocations++;
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size)
{
    allocations++;
    return __libc_realloc(pointer, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    allocations++;
    return __libc_memalign(alignment, size);
}

void *memalign(size_t alignment, size_t size)
{
    allocations++;
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    allocations++;
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL)
        return ENOMEM;
    *out = pointer;
    return 0;
}

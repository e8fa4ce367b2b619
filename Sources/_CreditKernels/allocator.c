#include "credit_allocator.h"
#include <stdlib.h>   /* defines __GLIBC__ on glibc systems */

#if defined(__GLIBC__)
#include <malloc.h>

int credit_keep_freed_memory(void) {
    int a = mallopt(M_MMAP_THRESHOLD, 32 << 20);
    int b = mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return a == 1 && b == 1;
}
#else
int credit_keep_freed_memory(void) { return 0; }
#endif

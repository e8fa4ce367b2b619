// Process-wide allocator settings (glibc malloc; elsewhere a no-op), wrapped by CreditSupport.
// Not API: an implementation detail of credit's Swift modules (see ../README.md).
#ifndef CREDIT_ALLOCATOR_KERNEL_H
#define CREDIT_ALLOCATOR_KERNEL_H

/// Keeps freed blocks in the process for reuse instead of giving them back to the kernel: blocks below 32 MiB come
/// from the heap (not a fresh `mmap` each), and the heap is trimmed only past 256 MiB of free space at its top. For
/// loops that allocate and free the same few megabytes over and over (streaming chunks), where each fresh mapping
/// costs a page fault and a zeroed page per 4 KiB. Returns 1 when the settings were applied, else 0.
int credit_keep_freed_memory(void);

#endif

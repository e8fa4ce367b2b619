internal import _CreditKernels

/// Process-wide allocator settings for loops that allocate and free the same few megabytes over and over.
package enum MemoryReuse {
    /// Every chunk of a streaming loop allocates its columns, scores and output afresh (a few MB) and frees them
    /// when written. By default glibc gives such blocks back to the kernel (`mmap`ed blocks, and the top of a heap
    /// above 128 KB), so each chunk's memory was mapped and zeroed again: about 60,000 page faults for 1M rows
    /// (0.35 s of system time in 1.4 s of processor time). Raising the thresholds keeps freed blocks for reuse
    /// (9,000 faults, 0.15 s; peak RSS 55 → 58 MB, still flat in the row count). Best effort, glibc only
    /// (`_CreditKernels/allocator.c`).
    package static func keepFreedMemory() {
        _ = credit_keep_freed_memory()
    }
}

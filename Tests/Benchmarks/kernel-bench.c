// Standalone timing of the CSV number kernel (`credit_csv_read_numbers`, Sources/_CreditKernels/csv.c) alone, one thread,
// on the first rows of a numeric CSV file held in memory; not part of the tests. Build and run (see README.md):
//   clang -O2 -ffp-contract=off -ISources/_CreditKernels/include Tests/Benchmarks/kernel-bench.c Sources/_CreditKernels/csv.c \
//     -o /tmp/kernel-bench && /tmp/kernel-bench .build/bench-data/bench-1000000-seed20261129.csv 200000 21
// Each run reads every record the way CSVParser.readRows calls the kernel (one call per record from field 0, into
// column arrays); the report is the minimum over the runs (robust on a shared machine), in ns per field, plus a
// hash of the columns' bits and a check of every value against strtod, so versions can be compared for output.
#define _POSIX_C_SOURCE 200809L
#include "credit_csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: kernel-bench FILE [ROWS=200000] [RUNS=21] [portable]\n");
        return 64;
    }
    long want = argc > 2 ? atol(argv[2]) : 200000;
    int runs = argc > 3 ? atoi(argv[3]) : 21;
    int portable = argc > 4 && strcmp(argv[4], "portable") == 0;
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    // The header, then `want` records; 64 spare bytes after the data (zeros), as a mapped file would have.
    size_t cap = 1 << 20, size = 0;
    char *text = malloc(cap);
    long lines = -1;
    int c;
    while ((c = fgetc(file)) != EOF) {
        if (size + 64 >= cap) text = realloc(text, cap *= 2);
        text[size++] = (char)c;
        if (c == '\n' && ++lines == want) break;
    }
    fclose(file);
    memset(text + size, 0, 64);
    long header = (long)(strchr(text, '\n') - text) + 1, n = 1;
    for (long i = 0; i < header; i++) n += text[i] == ',';
    long rows = lines;
    double **cols = malloc(sizeof(double *) * (size_t)n);
    for (long j = 0; j < n; j++) cols[j] = calloc((size_t)rows, sizeof(double));
    const uint8_t *p = (const uint8_t *)text;
    long end = (long)size;
    double best = 1e9;
    long taken = 0;
    for (int run = 0; run < runs; run++) {
        taken = 0;
        double t0 = now();
        long pos = header;
        for (long r = 0; r < rows; r++) {
            long j = 0;
            for (;;) {
                long k = portable ? credit_csv_read_numbers_portable(p, &pos, end, ',', cols, j, n, r)
                                  : credit_csv_read_numbers(p, &pos, end, ',', cols, j, n, r);
                taken += k - j;
                if (k == n) break;
                // The caller's general path for field k (strtod here), then the kernel again from field k + 1.
                char *stop;
                cols[k][r] = strtod(text + pos, &stop);
                pos = (long)(stop - text) + 1;
                j = k + 1;
                if (j == n) break;
            }
        }
        double t = now() - t0;
        if (t < best) best = t;
    }
    // Check: every value against strtod, and a hash of all bits (FNV-1a over the columns).
    long pos = header, bad = 0;
    uint64_t hash = 1469598103934665603ull;
    for (long r = 0; r < rows; r++) {
        for (long j = 0; j < n; j++) {
            char *stop;
            double v = strtod(text + pos, &stop);
            pos = (long)(stop - text) + 1;
            uint64_t a, b;
            memcpy(&a, &v, 8);
            memcpy(&b, &cols[j][r], 8);
            bad += a != b;
            for (int k = 0; k < 8; k++) { hash ^= (b >> (8 * k)) & 0xff; hash *= 1099511628211ull; }
        }
    }
    printf("%s: %ld rows x %ld fields, %ld taken, %ld differ from strtod, hash %016llx, min of %d: %.3f ms, "
           "%.3f ns/field\n",
           portable ? "portable" : (credit_csv_kernels_use_avx2() ? "avx2" : "portable"), rows, n, taken, bad,
           (unsigned long long)hash, runs, best * 1e3, best * 1e9 / (double)(rows * n));
    return bad != 0;
}

// CSV number and ASCII kernels (AVX2 chosen at run time), wrapped by CreditTabular.
// Not API: an implementation detail of credit's Swift modules (see ../README.md).
#ifndef CREDIT_CSV_KERNELS_H
#define CREDIT_CSV_KERNELS_H

#include <stdint.h>

/// Reads fields j, j + 1, … of one CSV record (n fields, delimiter `delimiter`) from p[*at], the start of field j,
/// for as long as each is a plain decimal that this kernel takes: an optional '-', then at least one digit with at
/// most one '.' among them (`5.` and `.5` included), all within the field's first 15 bytes and followed directly by
/// the field's terminator (the delimiter, or LF or CR LF after field n − 1), with cols[j] not NULL and
/// *at + 32 <= end. Each value, M / 10^f correctly rounded (the sign applied after, so `-0` is −0.0), goes to
/// cols[j][slot]. Stops at the first field it does not take and returns that field's index (n when the record was
/// read to its end); *at is then that field's start (past the record's line feed when n is returned). Any other
/// shape (an exponent, '+', more digits, spaces, a quote, a missing field) is left to the caller.
long credit_csv_read_numbers(const uint8_t *p, long *at, long end, uint8_t delimiter, double *const *cols, long j,
                             long n, long slot);

/// The portable version (a byte at a time): the same fields, the same values.
long credit_csv_read_numbers_portable(const uint8_t *p, long *at, long end, uint8_t delimiter,
                                      double *const *cols, long j, long n, long slot);

/// 1 when `credit_csv_read_numbers` uses the AVX2 version on this processor, else 0.
int credit_csv_kernels_use_avx2(void);

/// The length of the longest prefix of p[0..<n] made of whole 64-byte blocks whose bytes are all in 1…0x7F (ASCII
/// without NUL), adding the line feeds in it to *line_feeds and setting *quotes to 1 when it has a '"' (else
/// leaving it); with AVX2 only (else 0: the caller checks it all).
long credit_csv_ascii_prefix(const uint8_t *p, long n, long *line_feeds, int *quotes);

#endif

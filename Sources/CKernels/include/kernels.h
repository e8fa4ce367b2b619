// Small numeric kernels in C, for loops the Swift compiler cannot vectorise for the machine it runs on
// (Swift builds for baseline x86-64; these pick AVX2 + FMA at run time when the processor has them).
#ifndef CREDIT_KERNELS_H
#define CREDIT_KERNELS_H

/// C += lower triangle of S'·diag(w)·S, for S m × p column-major with leading dimension lds (≥ m), w m weights
/// (NULL: all 1) and C p × p column-major with leading dimension ldc (≥ p). Only entries C[j + k·ldc] with
/// j ≥ k are touched.
///
/// Each entry is Σᵢ (s[i, j]·wᵢ)·s[i, k] summed in four lanes (i mod 4 over the rows up to the last multiple of 4),
/// the lanes added as (l₀ + l₁) + (l₂ + l₃), then the remaining rows in order, then added to C. With AVX2 the
/// lanes use fused multiply-adds; the portable version rounds each product — the two can differ in the last bits.
void credit_syrk_lower(int m, int p, const double *s, long lds, const double *w, double *c, long ldc);

/// `credit_syrk_lower` on columns given by pointers: column j of S is cols[j][start …]; rows start … start + m − 1.
void credit_syrk_lower_cols(int m, int p, const double *const *cols, long start, const double *w, double *c, long ldc);

/// out[i] = Σⱼ cols[j][start + i]·v[j] for i < m, each row summed over j in order (fused multiply-adds with AVX2),
/// so identical rows give identical results wherever they sit.
void credit_gemv_cols(int m, int p, const double *const *cols, long start, const double *v, double *out);

/// g[j] += Σᵢ cols[j][start + i]·r[i] for i < m: sixteen lanes with AVX2 (four in the portable version) added in a
/// fixed order, then the remaining rows in order.
void credit_gemv_t_cols(int m, int p, const double *const *cols, long start, const double *r, double *g);

/// The portable version (no AVX2), callable directly so tests exercise it on every machine.
void credit_syrk_lower_portable(int m, int p, const double *s, long lds, const double *w, double *c, long ldc);

/// 1 when `credit_syrk_lower` uses the AVX2 + FMA version on this processor, else 0.
int credit_kernels_use_avx2(void);

/// What `credit_logistic_rows` adds up over the rows it is given (the caller zeroes it once, then passes it block
/// after block).
typedef struct {
    double log_likelihood;
    /// Largest |residual| and the counts of residuals below 1e-6 and 1e-10 (rows with positive weight).
    double max_residual;
    long exact6, exact10;
} credit_logistic_partial;

/// The per-row part of a logistic-regression Newton pass, for rows i < m: η = eta[i], a = e^(−|η|),
/// π = 1/(1 + a) when η ≥ 0 else a/(1 + a), q = 1 − π (the other of the two quotients, no cancellation),
/// residual yᵢ − π (q or −π), weight π·q, and the log-likelihood term (yᵢ·η − max(η, 0)) − log1p(a) (the bracket is
/// exact for yᵢ ∈ {0, 1}, so a well-fitted row keeps its tiny term; summed as yᵢ·η − (max(η, 0) + log1p(a)) it
/// would be lost for yᵢ = 1 once log1p(a) is below half an ulp of η).
/// With frequency weights f (NULL: all 1), w[i] = fᵢ·π·q, r[i] = fᵢ·residual, and only rows with fᵢ > 0 add to
/// the log-likelihood (fᵢ·term) and to the residual statistics. `w` may be `eta` itself (each row reads η before
/// writing its weight). The log-likelihood is summed in four lanes (see logistic.c) and added to the partial.
void credit_logistic_rows(long m, const double *eta, const double *y, const double *f, double *w, double *r,
                          credit_logistic_partial *acc);

/// The portable version (libm, no AVX2), callable directly so tests compare the two on every machine.
void credit_logistic_rows_portable(long m, const double *eta, const double *y, const double *f, double *w, double *r,
                                   credit_logistic_partial *acc);

#include <stddef.h>
#include <stdint.h>

/// SHA-256 compression of `blocks` 64-byte blocks of `data` into `state` (h0…h7, FIPS 180-4), with the
/// processor's SHA extensions. Returns 0 and does nothing when the processor lacks them (the caller then uses
/// its portable code), 1 when done.
int credit_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The 64 SHA-256 round constants K (FIPS 180-4 §4.2.2), shared with the portable compression.
const uint32_t *credit_sha256_round_constants(void);

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

// See include/credit_linear_algebra.h. The tiling: output tiles of 3 rows (j) × 4 columns (k) of C, each accumulated over all
// m rows of S in 12 vector registers (4 rows of S per register), with the 3 + 1 operand registers that makes
// 16 — the AVX2 register file. Columns past p in a tile are read from column p − 1 (in bounds) and not stored.
#include "credit_linear_algebra.h"

#include <stdlib.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static inline int min_int(int a, int b) { return a < b ? a : b; }

static inline void store_tile(int J, int K, int p, double sums[3][4], double *c, long ldc) {
    for (int a = 0; a < 3; a++) {
        int j = J + a;
        if (j >= p) break;
        for (int b = 0; b < 4; b++) {
            int k = K + b;
            if (k < p && j >= k) c[j + k * ldc] += sums[a][b];
        }
    }
}

static inline void tail_sums(int m4, int m, const double *x[3], const double *y[4], const double *w, double sums[3][4]) {
    for (int i = m4; i < m; i++)
        for (int a = 0; a < 3; a++) {
            double xw = w ? x[a][i] * w[i] : x[a][i];
            for (int b = 0; b < 4; b++) sums[a][b] += xw * y[b][i];
        }
}

/// Sums of one tile over the rows 0 … m4 − 1 (a multiple of 4): sums[a][b] = Σᵢ (x[a][i]·w[i])·y[b][i] (w NULL: 1),
/// in four lanes (i mod 4) added as (l₀ + l₁) + (l₂ + l₃). The portable and the AVX2 versions differ only here.
typedef void (*tile_sums_fn)(int m4, const double *const x[3], const double *const y[4], const double *w,
                             double sums[3][4]);

static void tile_sums_portable(int m4, const double *const x[3], const double *const y[4], const double *w,
                               double sums[3][4]) {
    double lane[3][4][4] = {{{0}}};
    for (int i = 0; i < m4; i += 4)
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 4; b++)
                for (int l = 0; l < 4; l++)
                    lane[a][b][l] += (w ? x[a][i + l] * w[i + l] : x[a][i + l]) * y[b][i + l];
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 4; b++)
            sums[a][b] = (lane[a][b][0] + lane[a][b][1]) + (lane[a][b][2] + lane[a][b][3]);
}

/// The tiling of C's lower triangle (see the top of this file), with `tile` for the rows in whole lanes and the
/// remaining rows (m mod 4) added in order by `tail_sums`.
static void syrk_lower_cols_with(tile_sums_fn tile, int m, int p, const double *const *cols, long start,
                                 const double *w, double *c, long ldc) {
    int m4 = m & ~3;
    for (int J = 0; J < p; J += 3) {
        const double *x[3];
        for (int a = 0; a < 3; a++) x[a] = cols[min_int(J + a, p - 1)] + start;
        for (int K = 0; K <= J + 2 && K < p; K += 4) {
            const double *y[4];
            for (int b = 0; b < 4; b++) y[b] = cols[min_int(K + b, p - 1)] + start;
            double sums[3][4];
            tile(m4, x, y, w, sums);
            tail_sums(m4, m, x, y, w, sums);
            store_tile(J, K, p, sums, c, ldc);
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static inline double lanes_sum(__m256d v) {
    double l[4];
    _mm256_storeu_pd(l, v);
    return (l[0] + l[1]) + (l[2] + l[3]);
}

__attribute__((target("avx2,fma"), always_inline))
static inline void tile_sums_avx2_body(int m4, const double *const x[3], const double *const y[4], const double *w,
                                       double sums[3][4], const int weighted) {
    __m256d c00 = _mm256_setzero_pd(), c01 = c00, c02 = c00, c03 = c00;
    __m256d c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    __m256d c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    for (int i = 0; i < m4; i += 4) {
        __m256d x0 = _mm256_loadu_pd(x[0] + i), x1 = _mm256_loadu_pd(x[1] + i), x2 = _mm256_loadu_pd(x[2] + i);
        if (weighted) {
            __m256d wi = _mm256_loadu_pd(w + i);
            x0 = _mm256_mul_pd(x0, wi); x1 = _mm256_mul_pd(x1, wi); x2 = _mm256_mul_pd(x2, wi);
        }
        __m256d y0 = _mm256_loadu_pd(y[0] + i);
        c00 = _mm256_fmadd_pd(x0, y0, c00); c10 = _mm256_fmadd_pd(x1, y0, c10); c20 = _mm256_fmadd_pd(x2, y0, c20);
        __m256d y1 = _mm256_loadu_pd(y[1] + i);
        c01 = _mm256_fmadd_pd(x0, y1, c01); c11 = _mm256_fmadd_pd(x1, y1, c11); c21 = _mm256_fmadd_pd(x2, y1, c21);
        __m256d y2 = _mm256_loadu_pd(y[2] + i);
        c02 = _mm256_fmadd_pd(x0, y2, c02); c12 = _mm256_fmadd_pd(x1, y2, c12); c22 = _mm256_fmadd_pd(x2, y2, c22);
        __m256d y3 = _mm256_loadu_pd(y[3] + i);
        c03 = _mm256_fmadd_pd(x0, y3, c03); c13 = _mm256_fmadd_pd(x1, y3, c13); c23 = _mm256_fmadd_pd(x2, y3, c23);
    }
    sums[0][0] = lanes_sum(c00); sums[0][1] = lanes_sum(c01); sums[0][2] = lanes_sum(c02); sums[0][3] = lanes_sum(c03);
    sums[1][0] = lanes_sum(c10); sums[1][1] = lanes_sum(c11); sums[1][2] = lanes_sum(c12); sums[1][3] = lanes_sum(c13);
    sums[2][0] = lanes_sum(c20); sums[2][1] = lanes_sum(c21); sums[2][2] = lanes_sum(c22); sums[2][3] = lanes_sum(c23);
}

/// The AVX2 tile: the lanes are the four doubles of a register, with fused multiply-adds.
__attribute__((target("avx2,fma")))
static void tile_sums_avx2(int m4, const double *const x[3], const double *const y[4], const double *w,
                           double sums[3][4]) {
    if (w) tile_sums_avx2_body(m4, x, y, w, sums, 1);
    else tile_sums_avx2_body(m4, x, y, 0, sums, 0);
}

__attribute__((target("avx2,fma")))
static void gemv_cols_avx2(int m, int p, const double *const *cols, long start, const double *v, double *out) {
    int i = 0;
    for (; i + 16 <= m; i += 16) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        for (int j = 0; j < p; j++) {
            const double *x = cols[j] + start + i;
            __m256d c = _mm256_broadcast_sd(&v[j]);
            a0 = _mm256_fmadd_pd(_mm256_loadu_pd(x), c, a0);
            a1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + 4), c, a1);
            a2 = _mm256_fmadd_pd(_mm256_loadu_pd(x + 8), c, a2);
            a3 = _mm256_fmadd_pd(_mm256_loadu_pd(x + 12), c, a3);
        }
        _mm256_storeu_pd(out + i, a0); _mm256_storeu_pd(out + i + 4, a1);
        _mm256_storeu_pd(out + i + 8, a2); _mm256_storeu_pd(out + i + 12, a3);
    }
    for (; i < m; i++) {
        double acc = 0;
        for (int j = 0; j < p; j++) acc = __builtin_fma(cols[j][start + i], v[j], acc);
        out[i] = acc;
    }
}

__attribute__((target("avx2,fma")))
static void gemv_t_cols_avx2(int m, int p, const double *const *cols, long start, const double *r, double *g) {
    int m16 = m & ~15;
    for (int j = 0; j < p; j++) {
        const double *x = cols[j] + start;
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < m16; i += 16) {
            a0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(r + i), a0);
            a1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 4), _mm256_loadu_pd(r + i + 4), a1);
            a2 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 8), _mm256_loadu_pd(r + i + 8), a2);
            a3 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 12), _mm256_loadu_pd(r + i + 12), a3);
        }
        double sum = lanes_sum(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
        for (int i = m16; i < m; i++) sum = __builtin_fma(x[i], r[i], sum);
        g[j] += sum;
    }
}
#endif

int credit_kernels_use_avx2(void) {
#if defined(__x86_64__)
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
    }
    return cached;
#else
    return 0;
#endif
}

void credit_syrk_lower_cols(int m, int p, const double *const *cols, long start, const double *w, double *c, long ldc) {
    if (m <= 0 || p <= 0) return;
#if defined(__x86_64__)
    if (credit_kernels_use_avx2()) { syrk_lower_cols_with(tile_sums_avx2, m, p, cols, start, w, c, ldc); return; }
#endif
    syrk_lower_cols_with(tile_sums_portable, m, p, cols, start, w, c, ldc);
}

/// Column pointers of a column-major block (on the stack up to 512 columns).
#define WITH_COLUMNS(s, lds, p, body) do { \
        const double *stack_cols[512]; \
        const double **cols = (p) <= 512 ? stack_cols : (const double **)malloc(sizeof(double *) * (size_t)(p)); \
        if (!cols) abort(); \
        for (int j_ = 0; j_ < (p); j_++) cols[j_] = (s) + (long)j_ * (lds); \
        body; \
        if (cols != stack_cols) free(cols); \
    } while (0)

void credit_syrk_lower(int m, int p, const double *s, long lds, const double *w, double *c, long ldc) {
    if (m <= 0 || p <= 0) return;
    WITH_COLUMNS(s, lds, p, credit_syrk_lower_cols(m, p, cols, 0, w, c, ldc));
}

void credit_syrk_lower_portable(int m, int p, const double *s, long lds, const double *w, double *c, long ldc) {
    if (m <= 0 || p <= 0) return;
    WITH_COLUMNS(s, lds, p, syrk_lower_cols_with(tile_sums_portable, m, p, cols, 0, w, c, ldc));
}

static void gemv_cols_portable(int m, int p, const double *const *cols, long start, const double *v, double *out) {
    for (int i = 0; i < m; i++) out[i] = 0;
    for (int j = 0; j < p; j++) {
        const double *x = cols[j] + start;
        double c = v[j];
        for (int i = 0; i < m; i++) out[i] += x[i] * c;
    }
}

static void gemv_t_cols_portable(int m, int p, const double *const *cols, long start, const double *r, double *g) {
    int m4 = m & ~3;
    for (int j = 0; j < p; j++) {
        const double *x = cols[j] + start;
        double l0 = 0, l1 = 0, l2 = 0, l3 = 0;
        for (int i = 0; i < m4; i += 4) { l0 += x[i] * r[i]; l1 += x[i + 1] * r[i + 1]; l2 += x[i + 2] * r[i + 2]; l3 += x[i + 3] * r[i + 3]; }
        double sum = (l0 + l1) + (l2 + l3);
        for (int i = m4; i < m; i++) sum += x[i] * r[i];
        g[j] += sum;
    }
}

void credit_gemv_cols(int m, int p, const double *const *cols, long start, const double *v, double *out) {
    if (m <= 0) return;
#if defined(__x86_64__)
    if (credit_kernels_use_avx2()) { gemv_cols_avx2(m, p, cols, start, v, out); return; }
#endif
    gemv_cols_portable(m, p, cols, start, v, out);
}

void credit_gemv_t_cols(int m, int p, const double *const *cols, long start, const double *r, double *g) {
    if (m <= 0) return;
#if defined(__x86_64__)
    if (credit_kernels_use_avx2()) { gemv_t_cols_avx2(m, p, cols, start, r, g); return; }
#endif
    gemv_t_cols_portable(m, p, cols, start, r, g);
}

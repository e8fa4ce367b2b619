// See include/credit_linear_algebra.h. The tiling: output tiles of up to 3 rows (j) × 4 columns (k) of C, each accumulated
// over all m rows of S in up to 12 vector registers (4 rows of S per register), with the 3 + 1 operand registers that
// makes 16 — the AVX2 register file. Tiles are cut to the lower triangle: the last band of rows may be 1 or 2 high
// (p not a multiple of 3) and the last tile of a band ends at the band's last row, 1 to 4 columns wide, so no sum is
// formed for an entry above the diagonal or past p except the few inside a band's diagonal tile. The shape of a tile
// does not change any entry's sum: each entry has its own accumulator, summed the same way in every shape.
#include "credit_linear_algebra.h"

#include <stdlib.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static inline int min_int(int a, int b) { return a < b ? a : b; }

/// Adds the rows × cols sums of the tile at (J, K) to C's lower triangle.
static inline void store_tile(int J, int K, int rows, int cols, double sums[3][4], double *c, long ldc) {
    for (int a = 0; a < rows; a++)
        for (int b = 0; b < cols; b++) {
            int j = J + a, k = K + b;
            if (j >= k) c[j + k * ldc] += sums[a][b];
        }
}

static inline void tail_sums(int m4, int m, int rows, int cols, const double *const x[3], const double *const y[4],
                             const double *w, double sums[3][4]) {
    for (int i = m4; i < m; i++)
        for (int a = 0; a < rows; a++) {
            double xw = w ? x[a][i] * w[i] : x[a][i];
            for (int b = 0; b < cols; b++) sums[a][b] += xw * y[b][i];
        }
}

/// Sums of one tile of `rows` (1 … 3) × `cols` (1 … 4) entries over the rows 0 … m4 − 1 (a multiple of 4):
/// sums[a][b] = Σᵢ (x[a][i]·w[i])·y[b][i] (w NULL: 1), in four lanes (i mod 4) added as (l₀ + l₁) + (l₂ + l₃).
/// The portable and the AVX2 versions differ only here.
typedef void (*tile_sums_fn)(int m4, int rows, int cols, const double *const x[3], const double *const y[4],
                             const double *w, double sums[3][4]);

static void tile_sums_portable(int m4, int rows, int cols, const double *const x[3], const double *const y[4],
                               const double *w, double sums[3][4]) {
    double lane[3][4][4] = {{{0}}};
    for (int i = 0; i < m4; i += 4)
        for (int a = 0; a < rows; a++)
            for (int b = 0; b < cols; b++)
                for (int l = 0; l < 4; l++)
                    lane[a][b][l] += (w ? x[a][i + l] * w[i + l] : x[a][i + l]) * y[b][i + l];
    for (int a = 0; a < rows; a++)
        for (int b = 0; b < cols; b++)
            sums[a][b] = (lane[a][b][0] + lane[a][b][1]) + (lane[a][b][2] + lane[a][b][3]);
}

/// The tiling of C's lower triangle (see the top of this file): bands of 3 rows J … J + 2 (the last band 1 or 2
/// rows when p is not a multiple of 3), each cut into tiles 4 columns wide from column 0 to the band's last row, the
/// last tile narrower when that is not a multiple of 4 away. `tile` sums the rows of S in whole lanes and
/// `tail_sums` adds the remaining rows (m mod 4) in order.
static void syrk_lower_cols_with(tile_sums_fn tile, int m, int p, const double *const *cols, long start,
                                 const double *w, double *c, long ldc) {
    int m4 = m & ~3;
    for (int J = 0; J < p; J += 3) {
        int rows = min_int(3, p - J), last = J + rows - 1;
        const double *x[3];
        for (int a = 0; a < 3; a++) x[a] = cols[J + min_int(a, rows - 1)] + start;
        for (int K = 0; K <= last; K += 4) {
            int width = min_int(4, last - K + 1);
            const double *y[4];
            for (int b = 0; b < 4; b++) y[b] = cols[K + min_int(b, width - 1)] + start;
            double sums[3][4];
            tile(m4, rows, width, x, y, w, sums);
            tail_sums(m4, m, rows, width, x, y, w, sums);
            store_tile(J, K, rows, width, sums, c, ldc);
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

/// One AVX2 tile of R × C entries (R ≤ 3, C ≤ 4, constants where it is inlined: the unused accumulators and
/// loads are compiled away).
__attribute__((target("avx2,fma"), always_inline))
static inline void tile_sums_avx2_body(int m4, const double *const x[3], const double *const y[4], const double *w,
                                       double sums[3][4], const int weighted, const int R, const int C) {
    __m256d c00 = _mm256_setzero_pd(), c01 = c00, c02 = c00, c03 = c00;
    __m256d c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    __m256d c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    for (int i = 0; i < m4; i += 4) {
        __m256d x0 = _mm256_loadu_pd(x[0] + i), x1 = x0, x2 = x0;
        if (R > 1) x1 = _mm256_loadu_pd(x[1] + i);
        if (R > 2) x2 = _mm256_loadu_pd(x[2] + i);
        if (weighted) {
            __m256d wi = _mm256_loadu_pd(w + i);
            x0 = _mm256_mul_pd(x0, wi);
            if (R > 1) x1 = _mm256_mul_pd(x1, wi);
            if (R > 2) x2 = _mm256_mul_pd(x2, wi);
        }
        __m256d y0 = _mm256_loadu_pd(y[0] + i);
        c00 = _mm256_fmadd_pd(x0, y0, c00);
        if (R > 1) c10 = _mm256_fmadd_pd(x1, y0, c10);
        if (R > 2) c20 = _mm256_fmadd_pd(x2, y0, c20);
        if (C > 1) {
            __m256d y1 = _mm256_loadu_pd(y[1] + i);
            c01 = _mm256_fmadd_pd(x0, y1, c01);
            if (R > 1) c11 = _mm256_fmadd_pd(x1, y1, c11);
            if (R > 2) c21 = _mm256_fmadd_pd(x2, y1, c21);
        }
        if (C > 2) {
            __m256d y2 = _mm256_loadu_pd(y[2] + i);
            c02 = _mm256_fmadd_pd(x0, y2, c02);
            if (R > 1) c12 = _mm256_fmadd_pd(x1, y2, c12);
            if (R > 2) c22 = _mm256_fmadd_pd(x2, y2, c22);
        }
        if (C > 3) {
            __m256d y3 = _mm256_loadu_pd(y[3] + i);
            c03 = _mm256_fmadd_pd(x0, y3, c03);
            if (R > 1) c13 = _mm256_fmadd_pd(x1, y3, c13);
            if (R > 2) c23 = _mm256_fmadd_pd(x2, y3, c23);
        }
    }
    sums[0][0] = lanes_sum(c00); sums[0][1] = lanes_sum(c01); sums[0][2] = lanes_sum(c02); sums[0][3] = lanes_sum(c03);
    sums[1][0] = lanes_sum(c10); sums[1][1] = lanes_sum(c11); sums[1][2] = lanes_sum(c12); sums[1][3] = lanes_sum(c13);
    sums[2][0] = lanes_sum(c20); sums[2][1] = lanes_sum(c21); sums[2][2] = lanes_sum(c22); sums[2][3] = lanes_sum(c23);
}

#define AVX2_TILE(R, C) \
    __attribute__((target("avx2,fma"))) \
    static void tile_sums_avx2_##R##x##C(int m4, const double *const x[3], const double *const y[4], const double *w, \
                                         double sums[3][4]) { \
        if (w) tile_sums_avx2_body(m4, x, y, w, sums, 1, R, C); \
        else tile_sums_avx2_body(m4, x, y, 0, sums, 0, R, C); \
    }
AVX2_TILE(1, 1) AVX2_TILE(1, 2) AVX2_TILE(1, 3) AVX2_TILE(1, 4)
AVX2_TILE(2, 1) AVX2_TILE(2, 2) AVX2_TILE(2, 3) AVX2_TILE(2, 4)
AVX2_TILE(3, 1) AVX2_TILE(3, 2) AVX2_TILE(3, 3) AVX2_TILE(3, 4)
#undef AVX2_TILE

/// The AVX2 tile: the lanes are the four doubles of a register, with fused multiply-adds; one compiled shape per
/// rows × cols.
__attribute__((target("avx2,fma")))
static void tile_sums_avx2(int m4, int rows, int cols, const double *const x[3], const double *const y[4],
                           const double *w, double sums[3][4]) {
    typedef void (*shape_fn)(int, const double *const[3], const double *const[4], const double *, double[3][4]);
    static const shape_fn shapes[3][4] = {
        {tile_sums_avx2_1x1, tile_sums_avx2_1x2, tile_sums_avx2_1x3, tile_sums_avx2_1x4},
        {tile_sums_avx2_2x1, tile_sums_avx2_2x2, tile_sums_avx2_2x3, tile_sums_avx2_2x4},
        {tile_sums_avx2_3x1, tile_sums_avx2_3x2, tile_sums_avx2_3x3, tile_sums_avx2_3x4},
    };
    shapes[rows - 1][cols - 1](m4, x, y, w, sums);
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

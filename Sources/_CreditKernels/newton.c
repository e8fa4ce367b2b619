// See include/credit_newton.h (`credit_logistic_rows`). Both versions compute the same formulas in the same order, with
// the log-likelihood summed in four lanes (row i in lane i mod 4, lanes added as (l₀ + l₁) + (l₂ + l₃), then the
// remaining rows in order); they differ only in where e^x and log1p come from: libm one value at a time, or glibc's
// vector math library (libmvec, AVX2 variants, at most a few units in the last place from libm's values).
#include "credit_newton.h"
#include "credit_linear_algebra.h"   /* credit_kernels_use_avx2: the same processor check */

#include <math.h>

static inline void logistic_row(double e, double y, double f, int weighted, double *w, double *r, double *ll,
                                credit_logistic_partial *acc) {
    double a = exp(-fabs(e));                       // e^(−|η|) ∈ (0, 1]
    double one_plus = 1 + a;
    double d1 = 1 / one_plus, d2 = a / one_plus;
    double pi = e >= 0 ? d1 : d2;
    double q = e >= 0 ? d2 : d1;                    // 1 − π without cancellation
    double res = y > 0.5 ? q : -pi;
    double term = (y * e - (e > 0 ? e : 0)) - log1p(a);   // the bracket is exact for y ∈ {0, 1}: tiny log1p(a) kept
    if (!weighted) {
        *w = pi * q;
        *r = res;
        *ll += term;
    } else {
        *w = f * pi * q;
        *r = f * res;
        if (!(f > 0)) return;
        *ll += f * term;
    }
    double m = fabs(res);
    if (m > acc->max_residual) acc->max_residual = m;
    if (m < 1e-6) { acc->exact6 += 1; if (m < 1e-10) acc->exact10 += 1; }
}

static void logistic_rows_portable(long m, const double *eta, const double *y, const double *f, double *w, double *r,
                                   credit_logistic_partial *acc) {
    long m4 = m & ~3L;
    double lane[4] = {0, 0, 0, 0};
    for (long i = 0; i < m4; i += 4)
        for (int l = 0; l < 4; l++)
            logistic_row(eta[i + l], y[i + l], f ? f[i + l] : 1, f != 0, w + i + l, r + i + l, lane + l, acc);
    double ll = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    for (long i = m4; i < m; i++) logistic_row(eta[i], y[i], f ? f[i] : 1, f != 0, w + i, r + i, &ll, acc);
    acc->log_likelihood += ll;
}

#if defined(__x86_64__) && defined(__GLIBC__)
#include <immintrin.h>

// glibc's libmvec, AVX2 variants (x86_64 vector function ABI, 'd' = AVX2, 4 lanes).
__attribute__((target("avx2"))) __m256d _ZGVdN4v_exp(__m256d x);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_log1p(__m256d x);

__attribute__((target("avx2,fma")))
static void logistic_rows_avx2(long m, const double *eta, const double *y, const double *f, double *w, double *r,
                               credit_logistic_partial *acc) {
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1), half = _mm256_set1_pd(0.5);
    const __m256d sign = _mm256_set1_pd(-0.0), tol6 = _mm256_set1_pd(1e-6), tol10 = _mm256_set1_pd(1e-10);
    __m256d ll = zero, top = _mm256_set1_pd(acc->max_residual);
    __m256i count6 = _mm256_setzero_si256(), count10 = _mm256_setzero_si256();
    long m4 = m & ~3L;
    for (long i = 0; i < m4; i += 4) {
        __m256d e = _mm256_loadu_pd(eta + i), yv = _mm256_loadu_pd(y + i);
        __m256d a = _ZGVdN4v_exp(_mm256_or_pd(e, sign));          // e^(−|η|)
        __m256d one_plus = _mm256_add_pd(one, a);
        __m256d d1 = _mm256_div_pd(one, one_plus), d2 = _mm256_div_pd(a, one_plus);
        __m256d nonnegative = _mm256_cmp_pd(e, zero, _CMP_GE_OQ);
        __m256d pi = _mm256_blendv_pd(d2, d1, nonnegative), q = _mm256_blendv_pd(d1, d2, nonnegative);
        __m256d res = _mm256_blendv_pd(_mm256_xor_pd(pi, sign), q, _mm256_cmp_pd(yv, half, _CMP_GT_OQ));
        __m256d positive = _mm256_max_pd(e, zero);                 // e > 0 ? e : 0 (max_pd returns the 2nd on ties)
        __m256d term = _mm256_sub_pd(_mm256_sub_pd(_mm256_mul_pd(yv, e), positive), _ZGVdN4v_log1p(a));
        __m256d weight = _mm256_mul_pd(pi, q), counted;
        if (!f) {
            _mm256_storeu_pd(w + i, weight);
            _mm256_storeu_pd(r + i, res);
            ll = _mm256_add_pd(ll, term);
            counted = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
        } else {
            __m256d fv = _mm256_loadu_pd(f + i);
            _mm256_storeu_pd(w + i, _mm256_mul_pd(_mm256_mul_pd(fv, pi), q));
            _mm256_storeu_pd(r + i, _mm256_mul_pd(fv, res));
            counted = _mm256_cmp_pd(fv, zero, _CMP_GT_OQ);
            ll = _mm256_add_pd(ll, _mm256_and_pd(counted, _mm256_mul_pd(fv, term)));
        }
        __m256d size = _mm256_andnot_pd(sign, res);
        top = _mm256_max_pd(_mm256_and_pd(counted, size), top);
        __m256d below6 = _mm256_and_pd(counted, _mm256_cmp_pd(size, tol6, _CMP_LT_OQ));
        __m256d below10 = _mm256_and_pd(counted, _mm256_cmp_pd(size, tol10, _CMP_LT_OQ));
        count6 = _mm256_sub_epi64(count6, _mm256_castpd_si256(below6));
        count10 = _mm256_sub_epi64(count10, _mm256_castpd_si256(below10));
    }
    double lane[4], tops[4];
    long c6[4], c10[4];
    _mm256_storeu_pd(lane, ll);
    _mm256_storeu_pd(tops, top);
    _mm256_storeu_si256((__m256i *)c6, count6);
    _mm256_storeu_si256((__m256i *)c10, count10);
    for (int l = 0; l < 4; l++) {
        if (tops[l] > acc->max_residual) acc->max_residual = tops[l];
        acc->exact6 += c6[l];
        acc->exact10 += c10[l];
    }
    double sum = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    for (long i = m4; i < m; i++) logistic_row(eta[i], y[i], f ? f[i] : 1, f != 0, w + i, r + i, &sum, acc);
    acc->log_likelihood += sum;
}
#endif

void credit_logistic_rows(long m, const double *eta, const double *y, const double *f, double *w, double *r,
                          credit_logistic_partial *acc) {
    if (m <= 0) return;
#if defined(__x86_64__) && defined(__GLIBC__)
    if (credit_kernels_use_avx2()) { logistic_rows_avx2(m, eta, y, f, w, r, acc); return; }
#endif
    logistic_rows_portable(m, eta, y, f, w, r, acc);
}

void credit_logistic_rows_portable(long m, const double *eta, const double *y, const double *f, double *w, double *r,
                                   credit_logistic_partial *acc) {
    if (m <= 0) return;
    logistic_rows_portable(m, eta, y, f, w, r, acc);
}

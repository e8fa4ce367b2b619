// Cross-product and matrix-vector kernels (AVX2 + FMA chosen at run time), wrapped by CreditLinearAlgebra.
// Not API: an implementation detail of credit's Swift modules (see ../README.md).
#ifndef CREDIT_LINEAR_ALGEBRA_KERNELS_H
#define CREDIT_LINEAR_ALGEBRA_KERNELS_H

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

#endif

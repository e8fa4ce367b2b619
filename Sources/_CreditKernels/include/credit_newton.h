// The per-row part of a logistic-regression Newton pass (glibc libmvec exp/log1p with AVX2), wrapped by CreditRegression.
// Not API: an implementation detail of credit's Swift modules (see ../README.md).
#ifndef CREDIT_NEWTON_KERNELS_H
#define CREDIT_NEWTON_KERNELS_H

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

#endif

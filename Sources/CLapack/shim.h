#ifndef CREDIT_CLAPACK_SHIM_H
#define CREDIT_CLAPACK_SHIM_H
#include <lapacke.h>
#include <cblas.h>
/* OpenBLAS (pthreads build): stops its worker threads; the next call that splits work over threads starts them again. */
int blas_thread_shutdown_(void);
#endif

#ifndef CREDIT_CLAPACK_SHIM_H
#define CREDIT_CLAPACK_SHIM_H
#include <lapacke.h>
#include <cblas.h>
#endif

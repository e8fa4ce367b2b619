// SHA-256 compression with the processor's SHA extensions, wrapped by CreditModelFile.
// Not API: an implementation detail of credit's Swift modules (see ../README.md).
#ifndef CREDIT_SHA256_KERNELS_H
#define CREDIT_SHA256_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256 compression of `blocks` 64-byte blocks of `data` into `state` (h0…h7, FIPS 180-4), with the
/// processor's SHA extensions. Returns 0 and does nothing when the processor lacks them (the caller then uses
/// its portable code), 1 when done.
int credit_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The 64 SHA-256 round constants K (FIPS 180-4 §4.2.2), shared with the portable compression.
const uint32_t *credit_sha256_round_constants(void);

#endif

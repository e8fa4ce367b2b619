// SHA-256 compression with the x86 SHA extensions (sha256rnds2 / sha256msg1 / sha256msg2), chosen at run time.
//
// The instructions keep the eight working variables as two vectors, ABEF and CDGH (most significant lane
// first), and do two rounds per sha256rnds2, taking W[t] + K[t] for those rounds from the low 64 bits of the
// message operand. The message schedule runs four words at a time:
//   W[t..t+3] = msg2(msg1(W[t-16..t-13], W[t-12..t-9]) + W[t-7..t-4], W[t-4..t-1])
// where msg1 adds σ0 of the next words, the middle term is the 4-byte alignment of the two previous vectors, and
// msg2 adds σ1 (it needs the words just produced, so it works lane by lane inside).
#include "credit_sha256.h"

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t *credit_sha256_round_constants(void) { return K256; }

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>


static int has_sha_extensions(void) {
    static int cached = -1;
    if (cached < 0) {
        unsigned a, b, c, d;
        int ok = 0;
        if (__get_cpuid(1, &a, &b, &c, &d)) {
            int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
            if (ssse3 && sse41 && __get_cpuid_count(7, 0, &a, &b, &c, &d)) ok = (b >> 29) & 1;
        }
        cached = ok;
    }
    return cached;
}

__attribute__((target("sha,ssse3,sse4.1")))
static void sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t blocks) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i byteswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    // state[0..3] = a b c d, state[4..7] = e f g h (lane 0 first). Rearrange to ABEF and CDGH.
    __m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);      // lanes: a b c d
    __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);      // lanes: e f g h
    __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);                    // lanes: b a d c
    __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);                    // lanes: h g f e
    __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);                   // lanes: f e b a  (ABEF, high to low)
    __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);                // lanes: h g d c  (CDGH, high to low)

    for (size_t block = 0; block < blocks; block++) {
        const uint8_t *p = data + 64 * block;
        __m128i saved_abef = abef, saved_cdgh = cdgh;
        __m128i w[4];
        for (int g = 0; g < 4; g++) w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), byteswap);
        for (int g = 0; g < 16; g++) {
            __m128i current;
            if (g < 4) {
                current = w[g];
            } else {
                // W[4g..4g+3] from the four previous vectors, kept in a ring of four.
                __m128i t = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
                current = _mm_sha256msg2_epu32(t, w[(g + 3) & 3]);
                w[g & 3] = current;
            }
            __m128i wk = _mm_add_epi32(current, _mm_loadu_si128((const __m128i *)&K256[4 * g]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);               // rounds 4g, 4g+1
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));   // rounds 4g+2, 4g+3
        }
        abef = _mm_add_epi32(abef, saved_abef);
        cdgh = _mm_add_epi32(cdgh, saved_cdgh);
    }

    // Back to a b c d / e f g h.
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);                    // lanes: a b e f
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);                    // lanes: g h c d
    abcd = _mm_blend_epi16(feba, dchg, 0xF0);                        // lanes: a b c d
    efgh = _mm_alignr_epi8(dchg, feba, 8);                           // lanes: e f g h
    _mm_storeu_si128((__m128i *)&state[0], abcd);
    _mm_storeu_si128((__m128i *)&state[4], efgh);
}
#endif

int credit_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
#if defined(__x86_64__)
    if (has_sha_extensions()) { sha256_blocks_shani(state, data, blocks); return 1; }
#endif
    (void)state; (void)data; (void)blocks;
    return 0;
}

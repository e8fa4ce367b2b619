// See include/credit_csv.h (`credit_csv_read_numbers`). A field is taken when its first 16 bytes (the window) hold an
// optional '-', then D ≥ 1 digits with at most one '.' among them, and the byte after them (inside the window) is
// the field's terminator. Then D ≤ 15, so the digits are an integer M < 10^15 < 2^53 and the value is
// M / 10^f for f digits after the point: one IEEE division of two exact doubles, correctly rounded (Clinger 1990,
// doi:10.1145/93548.93557), as strtod rounds. Anything else is left to the caller's general path.
//
// The AVX2 version finds the ends of a record's fields before the last from the delimiter bits of 64-byte blocks
// (one compare per 32 bytes, then tzcnt / blsr per field), so a field's start does not wait for the one before
// (the per-field chain of load, compare, movemask and tzcnt was what bounded the earlier version); each field's
// shape then comes from three masks of its own 16 bytes, with no dependent load. See Tests/Benchmarks/profile.md
// (round 4) for what was measured and what did not help (two fields per register, replacing the division).
#include "credit_csv.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static const double powers_of_ten[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/// Bytes a field's start may be from the end of the input for the kernels to look at it.
enum { csv_reach = 32 };

static inline double with_sign(double v, unsigned negative) {
    uint64_t bits;
    memcpy(&bits, &v, 8);
    bits ^= (uint64_t)negative << 63;
    memcpy(&v, &bits, 8);
    return v;
}

/// Whether `q[stop]` ends field j of n (the delimiter before the last field; LF or CR LF after it); `*skip` is the
/// terminator's length.
static inline int terminates(const uint8_t *q, long stop, long j, long last, uint8_t delimiter, long *skip) {
    uint8_t b = q[stop];
    if (j < last) { *skip = 1; return b == delimiter; }
    if (b == '\n') { *skip = 1; return 1; }
    *skip = 2;
    return b == '\r' && q[stop + 1] == '\n';
}

long credit_csv_read_numbers_portable(const uint8_t *p, long *at, long end, uint8_t delimiter,
                                      double *const *cols, long j, long n, long slot) {
    long pos = *at, last = n - 1;
    for (; j < n; j++) {
        double *col = cols[j];
        if (!col || pos + csv_reach > end) break;
        const uint8_t *q = p + pos;
        unsigned negative = q[0] == '-';
        long k = negative;
        uint64_t m = 0;
        while (k < 16 && (uint8_t)(q[k] - '0') <= 9) { m = m * 10 + (uint64_t)(q[k] - '0'); k++; }
        long stop = k, f = 0;
        if (k < 16 && q[k] == '.') {
            stop = k + 1;
            while (stop < 16 && (uint8_t)(q[stop] - '0') <= 9) { m = m * 10 + (uint64_t)(q[stop] - '0'); stop++; f++; }
        }
        long skip;
        if (stop >= 16 || k - negative + f == 0 || !terminates(q, stop, j, last, delimiter, &skip)) break;
        col[slot] = with_sign((double)(int64_t)m / powers_of_ten[f], negative);
        pos += stop + skip;
    }
    *at = pos;
    return j;
}

#if defined(__x86_64__)
/// Digits after the point of a field of L bytes with its point at byte P (none when P ≥ L).
#define FRACTION(L, P) ((P) < (L) ? (L) - 1 - (P) : 0)
/// Lane i of the shuffle for (L, P): byte i − (16 − d) of the field with d = L without the point (negative: a zero
/// lane), one further on in the last f lanes to skip the point.
#define LANE(L, P, i) ((L) - ((P) < (L)) + (i) - 16 + (FRACTION(L, P) + (i) >= 16))
#define SHAPE(L, P)                                                                                                  \
    {LANE(L, P, 0), LANE(L, P, 1), LANE(L, P, 2),  LANE(L, P, 3),  LANE(L, P, 4),  LANE(L, P, 5),                  \
     LANE(L, P, 6), LANE(L, P, 7), LANE(L, P, 8),  LANE(L, P, 9),  LANE(L, P, 10), LANE(L, P, 11),                 \
     LANE(L, P, 12), LANE(L, P, 13), LANE(L, P, 14), LANE(L, P, 15)}
#define SHAPES(L)                                                                                                    \
    SHAPE(L, 0), SHAPE(L, 1), SHAPE(L, 2), SHAPE(L, 3), SHAPE(L, 4), SHAPE(L, 5), SHAPE(L, 6), SHAPE(L, 7),         \
        SHAPE(L, 8), SHAPE(L, 9), SHAPE(L, 10), SHAPE(L, 11), SHAPE(L, 12), SHAPE(L, 13), SHAPE(L, 14), SHAPE(L, 15)
#define TWICE_F(L)                                                                                                   \
    2 * FRACTION(L, 0), 2 * FRACTION(L, 1), 2 * FRACTION(L, 2), 2 * FRACTION(L, 3), 2 * FRACTION(L, 4),             \
        2 * FRACTION(L, 5), 2 * FRACTION(L, 6), 2 * FRACTION(L, 7), 2 * FRACTION(L, 8), 2 * FRACTION(L, 9),         \
        2 * FRACTION(L, 10), 2 * FRACTION(L, 11), 2 * FRACTION(L, 12), 2 * FRACTION(L, 13), 2 * FRACTION(L, 14),    \
        2 * FRACTION(L, 15)

/// shapes[16 L + P]: the shuffle that lines up the digits of a field of L bytes (sign and digits, the point at byte
/// P < L, or none when P ≥ L) as lane i ← digit i − (16 − d) (zero below; d = L without the point, the sign read as
/// a leading zero), skipping the point; twice_f[16 L + P] = 2f for its f digits after the point; and
/// signed_powers[2f + s] = (−1)^s · 10^f: dividing by it applies the sign too (0 / −1 is −0.0, and rounding to
/// nearest is symmetric, so the quotient is the negated correctly rounded one). One object, so the kernel needs
/// one base register for all.
static const struct {
    int8_t shapes[256][16];
    double signed_powers[32];
    uint8_t twice_f[256];
} tables __attribute__((aligned(64))) = {
    {SHAPES(0), SHAPES(1), SHAPES(2), SHAPES(3), SHAPES(4), SHAPES(5), SHAPES(6), SHAPES(7), SHAPES(8), SHAPES(9),
     SHAPES(10), SHAPES(11), SHAPES(12), SHAPES(13), SHAPES(14), SHAPES(15)},
    {1e0,  -1e0,  1e1,  -1e1,  1e2,  -1e2,  1e3,  -1e3,  1e4,  -1e4,  1e5,  -1e5,  1e6,  -1e6,  1e7,  -1e7,
     1e8,  -1e8,  1e9,  -1e9,  1e10, -1e10, 1e11, -1e11, 1e12, -1e12, 1e13, -1e13, 1e14, -1e14, 1e15, -1e15},
    {TWICE_F(0), TWICE_F(1), TWICE_F(2), TWICE_F(3), TWICE_F(4), TWICE_F(5), TWICE_F(6), TWICE_F(7), TWICE_F(8),
     TWICE_F(9), TWICE_F(10), TWICE_F(11), TWICE_F(12), TWICE_F(13), TWICE_F(14), TWICE_F(15)},
};
#undef TWICE_F
#undef SHAPES
#undef SHAPE
#undef LANE
#undef FRACTION

/// A field's value from its first 16 bytes `raw` when it is taken: its terminator is at byte `length` (found by the
/// caller; taken only when length ≤ 15), and the bytes before it are an optional '-', then digits with at most one
/// '.' among them, at least one digit. Returns 0 when the field is not taken. The shuffle, as in simdjson and
/// fast_float, moves the digits (without the point) to the top of a register behind zeros, and three multiply-add
/// steps give the two eight-digit halves of M.
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline int field_value_avx2(__m128i raw, unsigned length, double *value) {
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i tens = _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1);
    const __m128i hundreds = _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1);
    const __m128i ten_thousands = _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1);
    const __m128i minus = _mm_set1_epi8('-'), dot = _mm_set1_epi8('.');
    __m128i t = _mm_sub_epi8(raw, zero);
    __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(t, nine), t);
    unsigned negative = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(raw, minus)) & 1;
    unsigned points = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(raw, dot));
    unsigned digits = (unsigned)_mm_movemask_epi8(is_digit);
    // The field's bytes that are not digits, but for a leading '-': none, or one '.'; and at least one digit (one
    // test: fewer branches measured slightly faster).
    unsigned other = _bzhi_u32(~digits, length) & ~negative;
    int bad_shape = ((other & ~points) | _blsr_u32(other)) != 0;
    if ((int)(length > 15) | bad_shape | (int)(_bzhi_u32(digits, length) == 0)) return 0;
    // The first '.' of the window: the field's point if it has one, else at or past its end (or none: 15 ≥ L).
    unsigned shape = 16 * length + _tzcnt_u32(points | 0x8000);
    t = _mm_and_si128(t, is_digit);
    __m128i v = _mm_shuffle_epi8(t, _mm_load_si128((const __m128i *)tables.shapes[shape]));
    v = _mm_maddubs_epi16(v, tens);
    v = _mm_madd_epi16(v, hundreds);
    v = _mm_packus_epi32(v, v);
    v = _mm_madd_epi16(v, ten_thousands);
    // M = high · 10^8 + low, exact in doubles (M < 10^15 < 2^53).
    __m128d halves = _mm_cvtepi32_pd(v);
    __m128d m = _mm_add_sd(_mm_mul_sd(halves, _mm_set_sd(1e8)), _mm_unpackhi_pd(halves, halves));
    *value = _mm_cvtsd_f64(_mm_div_sd(m, _mm_load_sd(tables.signed_powers + tables.twice_f[shape] + negative)));
    return 1;
}

/// Delimiter bits of the 64 bytes at b.
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline uint64_t delimiter_mask(const uint8_t *b, __m256i delims) {
    uint64_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)b), delims));
    uint64_t hi =
        (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(b + 32)), delims));
    return lo | hi << 32;
}

/// The last field of a record at q (its end found in its own 16 bytes: LF, or CR LF). Returns the bytes it takes
/// with its terminator, 0 when not taken.
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline long last_field_avx2(const uint8_t *q, double *value) {
    __m128i raw = _mm_loadu_si128((const __m128i *)q);
    unsigned ends = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(raw, _mm_set1_epi8('\n')),
                                                             _mm_cmpeq_epi8(raw, _mm_set1_epi8('\r'))));
    unsigned length = _tzcnt_u32(ends | 0x10000);
    if (!field_value_avx2(raw, length, value)) return 0;
    if (q[length] == '\n') return length + 1;
    if (q[length] == '\r' && q[length + 1] == '\n') return length + 2;
    return 0;
}

/// The fields of one record from field j on (see the portable version), near the end of the input: each field's
/// end found in its own 16 bytes, each start tested against the end.
__attribute__((target("avx2,bmi,bmi2")))
static long read_numbers_avx2_near_end(const uint8_t *p, long *at, long end, uint8_t delimiter, double *const *cols,
                                       long j, long n, long slot) {
    const uint8_t *q = p + *at, *const limit = p + end - csv_reach;
    const __m128i delims = _mm_set1_epi8((char)delimiter);
    double value;
    for (; j < n - 1; j++) {
        double *col = cols[j];
        if (!col || q > limit) goto done;
        __m128i raw = _mm_loadu_si128((const __m128i *)q);
        unsigned length = _tzcnt_u32((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(raw, delims)) | 0x10000);
        if (!field_value_avx2(raw, length, &value)) goto done;
        col[slot] = value;
        q += length + 1;
    }
    if (j == n - 1) {
        double *col = cols[j];
        if (!col || q > limit) goto done;
        long taken = last_field_avx2(q, &value);
        if (taken == 0) goto done;
        col[slot] = value;
        q += taken;
        j++;
    }
done:
    *at = q - p;
    return j;
}

/// Bytes past the start of a record's last field that its 64-byte blocks may reach (see below).
enum { block_reach = 128 };

__attribute__((target("avx2,bmi,bmi2")))
static long read_numbers_avx2(const uint8_t *p, long *at, long end, uint8_t delimiter, double *const *cols, long j,
                              long n, long slot) {
    // A delimiter that can be read as part of a number (the caller never has one with numbers parsed in place):
    // the portable version, which reads it as a number byte first.
    if (delimiter - '0' <= 9u || delimiter == '.' || delimiter == '-' || delimiter == '\n' || delimiter == '\r')
        return credit_csv_read_numbers_portable(p, at, end, delimiter, cols, j, n, slot);
    // A field the kernel takes spans at most 16 bytes with its terminator, so the record's last field starts at most
    // at *at + 16 (n − 1 − j), and the blocks below read less than 128 bytes past that (a block is loaded 64 bytes
    // after the one before when a field starting in it has not ended there). Near the end of the input: fields one
    // at a time, each start tested.
    if (*at + 16 * (n - 1 - j) + block_reach > end)
        return read_numbers_avx2_near_end(p, at, end, delimiter, cols, j, n, slot);
    // Fields before the last: their ends come from the delimiter bits of 64-byte blocks (the bits of the fields
    // taken cleared), so a field's start does not wait for the load of the one before.
    const __m256i delims = _mm256_set1_epi8((char)delimiter);
    const uint8_t *q = p + *at, *block = q;
    uint64_t ends = delimiter_mask(block, delims);
    double *const *column = cols + j, *const *const last = cols + n - 1;
    double value;
    for (; column < last; column++) {
        double *col = *column;
        if (!col) goto done;
        if (ends == 0) { block += 64; ends = delimiter_mask(block, delims); }
        const uint8_t *e = block + _tzcnt_u64(ends);
        unsigned length = (unsigned)(e - q);
        if (!field_value_avx2(_mm_loadu_si128((const __m128i *)q), length, &value)) goto done;
        col[slot] = value;
        ends = _blsr_u64(ends);
        q = e + 1;
    }
    if (column == last) {
        double *col = *column;
        if (!col) goto done;
        long taken = last_field_avx2(q, &value);
        if (taken == 0) goto done;
        col[slot] = value;
        q += taken;
        column++;
    }
done:
    *at = q - p;
    return column - cols;
}
#endif

int credit_csv_kernels_use_avx2(void) {
#if defined(__x86_64__)
    static int cached = -1;
    if (cached < 0) cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
                             __builtin_cpu_supports("bmi2") ? 1 : 0;
    return cached;
#else
    return 0;
#endif
}

long credit_csv_read_numbers(const uint8_t *p, long *at, long end, uint8_t delimiter, double *const *cols, long j,
                             long n, long slot) {
#if defined(__x86_64__)
    if (credit_csv_kernels_use_avx2()) return read_numbers_avx2(p, at, end, delimiter, cols, j, n, slot);
#endif
    return credit_csv_read_numbers_portable(p, at, end, delimiter, cols, j, n, slot);
}

long credit_csv_ascii_prefix(const uint8_t *p, long n, long *line_feeds, int *quotes);

#if defined(__x86_64__)
/// 64 bytes a round: a byte ≥ 0x80 sets its own high bit, a zero byte shows in the minimum of the two halves; line
/// feeds are counted in byte lanes (at most 2 a round, so summed every 127 rounds); quote bytes are or-ed together.
__attribute__((target("avx2")))
static long ascii_prefix_avx2(const uint8_t *p, long n, long *line_feeds, int *quotes) {
    const __m256i zero = _mm256_setzero_si256(), lf = _mm256_set1_epi8('\n'), quote = _mm256_set1_epi8('"');
    long i = 0, count = 0;
    int bad = 0;
    __m256i seen = zero;
    while (!bad && i + 64 <= n) {
        long stop = n - 64 < i + 126 * 64 ? n - 64 : i + 126 * 64;
        __m256i counts = zero;
        for (; i <= stop; i += 64) {
            __m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
            __m256i b = _mm256_loadu_si256((const __m256i *)(p + i + 32));
            __m256i flags = _mm256_or_si256(_mm256_or_si256(a, b), _mm256_cmpeq_epi8(_mm256_min_epu8(a, b), zero));
            if (_mm256_movemask_epi8(flags) != 0) { bad = 1; break; }
            counts = _mm256_sub_epi8(counts, _mm256_cmpeq_epi8(a, lf));
            counts = _mm256_sub_epi8(counts, _mm256_cmpeq_epi8(b, lf));
            seen = _mm256_or_si256(seen, _mm256_or_si256(_mm256_cmpeq_epi8(a, quote), _mm256_cmpeq_epi8(b, quote)));
        }
        __m256i sums = _mm256_sad_epu8(counts, zero);
        __m128i s = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
        count += _mm_cvtsi128_si64(s) + _mm_extract_epi64(s, 1);
    }
    *line_feeds += count;
    if (_mm256_movemask_epi8(seen) != 0) *quotes = 1;
    return i;
}
#endif

long credit_csv_ascii_prefix(const uint8_t *p, long n, long *line_feeds, int *quotes) {
#if defined(__x86_64__)
    if (credit_csv_kernels_use_avx2()) return ascii_prefix_avx2(p, n, line_feeds, quotes);
#endif
    (void)p; (void)n; (void)line_feeds; (void)quotes;
    return 0;
}

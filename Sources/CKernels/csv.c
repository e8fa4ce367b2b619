// See include/kernels.h (`credit_csv_read_numbers`). A field is taken when its first 16 bytes (the window) hold an
// optional '-', then D ≥ 1 digits with at most one '.' among them, and the byte after them (inside the window) is
// the field's terminator. Then D ≤ 15, so the digits are an integer M < 10^15 < 2^53 and the value is
// M / 10^f for f digits after the point: one IEEE division of two exact doubles, correctly rounded (Clinger 1990,
// doi:10.1145/93548.93557), as strtod rounds. Anything else is left to the caller's general path.
#include "kernels.h"

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
/// ramp[x] = x − 16: 16 bytes from ramp + D are i − (16 − D) for lane i.
static const int8_t ramp[32] = {-16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1,
                                0,   1,   2,   3,   4,   5,   6,   7,  8,  9,  10, 11, 12, 13, 14, 15};
/// step[x] = −1 for x ≥ 16: 16 bytes from step + f are −1 in lanes i ≥ 16 − f.
static const int8_t step[32] = {0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
                                -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
/// signed_powers[2f + s] = (−1)^s · 10^f: dividing by it applies the sign too (0 / −1 is −0.0, and rounding to
/// nearest is symmetric, so the quotient is the negated correctly rounded one).
static const double signed_powers[32] = {1e0,  -1e0,  1e1,  -1e1,  1e2,  -1e2,  1e3,  -1e3,  1e4,  -1e4,  1e5,
                                         -1e5, 1e6,   -1e6, 1e7,   -1e7, 1e8,   -1e8, 1e9,   -1e9, 1e10,  -1e10,
                                         1e11, -1e11, 1e12, -1e12, 1e13, -1e13, 1e14, -1e14, 1e15, -1e15};

/// One field at q, 16 bytes at a time: one compare finds the digits of the window, one shuffle moves them
/// (without the point) to the top of a register behind zeros, and three multiply-add steps give the two
/// eight-digit halves of M (as in simdjson and fast_float). Returns the field's length up to its terminator
/// (0 when the kernel does not take it) and its value in *value.
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline long parse_field_avx2(const uint8_t *q, double *value) {
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i tens = _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1);
    const __m128i hundreds = _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1);
    const __m128i ten_thousands = _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1);
    const __m128i minus = _mm_set1_epi8('-');
    __m128i raw = _mm_loadu_si128((const __m128i *)q);
    __m128i t = _mm_sub_epi8(raw, zero);
    __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(t, nine), t);
    unsigned negative = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(raw, minus)) & 1;
    t = _mm_and_si128(t, is_digit);                  // a sign lane reads as a leading zero
    unsigned other = ~((unsigned)_mm_movemask_epi8(is_digit) | negative);  // bits 16… set: the window ends
    unsigned k = _tzcnt_u32(other);                 // sign and integer digits (0…16)
    unsigned point = q[k] == '.';
    unsigned f = _tzcnt_u32(other >> (k + point));  // digits after the point (0 without one)
    unsigned d = k + f, stop = d + point;
    // At least one digit, and the byte after the digits inside the window.
    if (stop > 15 || d <= negative) return 0;
    // Lane i takes digit i − (16 − d) (zero below), skipping the point after the k integer digits.
    __m128i ctrl = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(ramp + d)),
                                _mm_loadu_si128((const __m128i *)(step + f)));
    __m128i v = _mm_shuffle_epi8(t, ctrl);
    v = _mm_maddubs_epi16(v, tens);
    v = _mm_madd_epi16(v, hundreds);
    v = _mm_packus_epi32(v, v);
    v = _mm_madd_epi16(v, ten_thousands);
    // M = high · 10^8 + low, exact in doubles (M < 10^15 < 2^53).
    __m128d halves = _mm_cvtepi32_pd(v);
    __m128d m = _mm_add_sd(_mm_mul_sd(halves, _mm_set_sd(1e8)), _mm_unpackhi_pd(halves, halves));
    *value = _mm_cvtsd_f64(_mm_div_sd(m, _mm_load_sd(signed_powers + 2 * f + negative)));
    return (long)stop;
}

/// The fields of one record from field j on (see the portable version); `checked` tests each field's start
/// against the end of the input (the caller drops it when the whole rest of the record is far enough from it).
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline long read_numbers_avx2_with(const uint8_t *p, long *at, long end, uint8_t delimiter,
                                          double *const *cols, long j, long n, long slot, const int checked) {
    const uint8_t *q = p + *at, *const limit = p + end - csv_reach;
    double *const *column = cols + j, *const *const last = cols + n - 1;
    double value;
    for (; column < last; column++) {
        double *col = *column;
        if (!col || (checked && q > limit)) goto done;
        long length = parse_field_avx2(q, &value);
        if (length == 0 || q[length] != delimiter) goto done;
        col[slot] = value;
        q += length + 1;
    }
    if (column == last) {
        double *col = *column;
        if (!col || (checked && q > limit)) goto done;
        long length = parse_field_avx2(q, &value);
        if (length == 0) goto done;
        if (q[length] == '\n') {
            q += length + 1;
        } else if (q[length] == '\r' && q[length + 1] == '\n') {
            q += length + 2;
        } else {
            goto done;
        }
        col[slot] = value;
        column++;
    }
done:
    *at = q - p;
    return column - cols;
}

__attribute__((target("avx2,bmi,bmi2")))
static long read_numbers_avx2(const uint8_t *p, long *at, long end, uint8_t delimiter, double *const *cols, long j,
                              long n, long slot) {
    // A field the kernel takes spans at most 18 bytes with its terminator: when the rest of the record cannot
    // reach the last 32 bytes of the input, no field start needs a test.
    if (*at + 18 * (n - j) + csv_reach <= end) return read_numbers_avx2_with(p, at, end, delimiter, cols, j, n, slot, 0);
    return read_numbers_avx2_with(p, at, end, delimiter, cols, j, n, slot, 1);
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

long credit_csv_ascii_prefix(const uint8_t *p, long n, long *line_feeds);

#if defined(__x86_64__)
/// 64 bytes a round: a byte ≥ 0x80 sets its own high bit, a zero byte shows in the minimum of the two halves; line
/// feeds are counted in byte lanes (at most 2 a round, so summed every 127 rounds).
__attribute__((target("avx2")))
static long ascii_prefix_avx2(const uint8_t *p, long n, long *line_feeds) {
    const __m256i zero = _mm256_setzero_si256(), lf = _mm256_set1_epi8('\n');
    long i = 0, count = 0;
    int bad = 0;
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
        }
        __m256i sums = _mm256_sad_epu8(counts, zero);
        __m128i s = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
        count += _mm_cvtsi128_si64(s) + _mm_extract_epi64(s, 1);
    }
    *line_feeds += count;
    return i;
}
#endif

long credit_csv_ascii_prefix(const uint8_t *p, long n, long *line_feeds) {
#if defined(__x86_64__)
    if (credit_csv_kernels_use_avx2()) return ascii_prefix_avx2(p, n, line_feeds);
#endif
    (void)p; (void)n; (void)line_feeds;
    return 0;
}

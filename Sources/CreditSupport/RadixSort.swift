/// LSD radix sort of 64-bit keys, and of finite doubles through an order-preserving key: the one sort behind
/// binning (a million rows' values, `NumericAtoms`) and the rank metrics (AUC, DeLong, score groups of 10⁷
/// scores). Several times faster than the standard library's comparison sort, and stable.
///
/// Digits of at most 11 bits (12 from 2¹⁸ keys on) rather than 16: the histograms stay in L1 and their prefix
/// sums cost nothing next to n, where 65,536 counters per pass cost more than the keys themselves at 100,000
/// rows and the scatter into 65,536 places misses the cache and TLB. Only the bits where the smallest and
/// largest key differ are sorted, and a pass where every key has the same digit is skipped.
///
/// −0.0 is stored as +0.0 (they compare equal). NaN must not occur (callers drop missing values first).
/// - Complexity: O(n) time, O(n) extra memory.
package enum RadixSort {
    /// The order-preserving key of a non-NaN double: x < y ⇔ key(x) < key(y), and −0.0, +0.0 share a key.
    @inlinable @inline(__always)
    package static func key(_ x: Double) -> UInt64 {
        let bits = (x + 0).bitPattern   // −0.0 + 0 = +0.0
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// The double whose key is `k` (+0.0 for the key of ±0.0).
    @inlinable @inline(__always)
    package static func value(_ k: UInt64) -> Double {
        Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
    }

    /// Sorts finite doubles ascending (−0.0 becomes +0.0).
    package static func sort(_ xs: inout [Double]) {
        let n = xs.count
        guard n > 64 else { for i in 0..<n { xs[i] += 0 }; xs.sort(); return }
        var keys = [UInt64](unsafeUninitializedCapacity: n) { b, count in
            for i in 0..<n { b[i] = key(xs[i]) }
            count = n
        }
        var tmp = [UInt64](repeating: 0, count: n)
        keys.withUnsafeMutableBufferPointer { k in
            tmp.withUnsafeMutableBufferPointer { t in sort(keys: k, scratch: t) }
        }
        keys.withUnsafeBufferPointer { k in
            for i in 0..<n { xs[i] = value(k[i]) }
        }
    }

    /// The keys of `values`, sorted ascending.
    package static func sortedKeys(_ values: [Double]) -> [UInt64] {
        var keys = values.map(key)
        var scratch = [UInt64](repeating: 0, count: keys.count)
        keys.withUnsafeMutableBufferPointer { k in
            scratch.withUnsafeMutableBufferPointer { t in sort(keys: k, scratch: t) }
        }
        return keys
    }

    /// The keys of `values` sorted ascending, with each key's input position carried along (stable: equal keys
    /// keep their input order).
    package static func sortedKeysAndPositions(_ values: [Double]) -> (keys: [UInt64], positions: [Int32]) {
        let n = values.count
        var keys = values.map(key)
        var positions = (0..<Int32(n)).map { $0 }
        guard n > 64 else {
            let order = positions.sorted { keys[Int($0)] < keys[Int($1)] || (keys[Int($0)] == keys[Int($1)] && $0 < $1) }
            return (order.map { keys[Int($0)] }, order)
        }
        var keyScratch = [UInt64](repeating: 0, count: n), positionScratch = [Int32](repeating: 0, count: n)
        keys.withUnsafeMutableBufferPointer { k in
            keyScratch.withUnsafeMutableBufferPointer { kt in
                positions.withUnsafeMutableBufferPointer { p in
                    positionScratch.withUnsafeMutableBufferPointer { pt in
                        sort(keys: k, scratch: kt, carrying: p.baseAddress, scratch: pt.baseAddress)
                    }
                }
            }
        }
        return (keys, positions)
    }

    /// Sorts `keys` ascending in place; `scratch` (at least as long) is overwritten.
    ///
    /// The digits are taken from key − min over the bits where min and max differ, in as few passes of at most
    /// 11 (12 from 2¹⁸ keys on) bits as cover those bits (equal widths): keys of a narrow range — decimal-scaled
    /// keys, or doubles of one sign and few binary exponents — need fewer than six passes.
    package static func sort(keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) {
        precondition(scratch.count >= keys.count, "scratch shorter than the keys")
        guard keys.count > 64 else { var k = keys; k.sort(); return }
        sort(keys: keys, scratch: scratch, carrying: nil, scratch: nil)
    }

    /// The passes of `sort(keys:scratch:)` (more than 64 keys), moving `payload[i]` with `keys[i]` when given
    /// (`payloadScratch` as long as the keys).
    private static func sort(keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
                             carrying payload: UnsafeMutablePointer<Int32>?, scratch payloadScratch: UnsafeMutablePointer<Int32>?) {
        let n = keys.count
        guard var src = keys.baseAddress, var dst = scratch.baseAddress else { return }
        var srcPayload = payload, dstPayload = payloadScratch
        var lo = src[0], hi = src[0]
        for i in 1..<n { let k = src[i]; lo = min(lo, k); hi = max(hi, k) }
        let bits = 64 - (hi &- lo).leadingZeroBitCount
        guard bits > 0 else { return }
        // Up to 12-bit digits from 2¹⁸ keys on (4,096 counters per pass are cheap next to n; one pass fewer for
        // 23–24-bit ranges), else up to 11.
        let cap = n >= 1 << 18 ? 12 : 11
        let passes = (bits + cap - 1) / cap, width = (bits + passes - 1) / passes
        let buckets = 1 << width, mask = UInt64(buckets - 1)
        // All digit histograms in one pass.
        var counts = [Int](repeating: 0, count: passes * buckets)
        counts.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                var r = src[i] &- lo, base = 0
                for _ in 0..<passes { c[base &+ Int(r & mask)] &+= 1; r &>>= UInt64(width); base &+= buckets }
            }
            for pass in 0..<passes {
                let shift = UInt64(width * pass), base = pass * buckets
                if c[base + Int(((src[0] &- lo) &>> shift) & mask)] == n { continue }   // one digit value: nothing moves
                var sum = 0
                for d in base..<(base + buckets) { let v = c[d]; c[d] = sum; sum += v }
                if let from = srcPayload, let to = dstPayload {
                    for i in 0..<n {
                        let key = src[i]
                        let d = base &+ Int(((key &- lo) &>> shift) & mask), q = c[d]
                        dst[q] = key
                        to[q] = from[i]
                        c[d] = q &+ 1
                    }
                    swap(&srcPayload, &dstPayload)
                } else {
                    for i in 0..<n {
                        let key = src[i]
                        let d = base &+ Int(((key &- lo) &>> shift) & mask)
                        dst[c[d]] = key
                        c[d] &+= 1
                    }
                }
                swap(&src, &dst)
            }
        }
        if src != keys.baseAddress {
            keys.baseAddress!.update(from: src, count: n)
            if let payload, let from = srcPayload { payload.update(from: from, count: n) }
        }
    }
}

/// Exact integer keys for doubles written with few decimals: with S = 10^d, x ↦ m = round(x·S) is strictly
/// increasing over the doubles x that are the correctly rounded m/S of an integer m (|m| < 2⁵¹) — x < y with
/// m_x ≥ m_y would give fl(m_x/S) ≥ fl(m_y/S) — so sorting the m sorts the x, equal m are equal x, and x is
/// recovered as fl(m/S). The key is the bit pattern of m + 1.5·2⁵², which lies in [2⁵², 2⁵³) (one exponent),
/// so it is increasing in m. A CSV column of values with at most d decimals gets keys spanning a range of about
/// (max − min)·10^d, far fewer than 64 bits, so `RadixSort` needs fewer passes. −0.0 becomes +0.0, as with
/// `RadixSort.key`.
package struct DecimalKeys: Sendable {
    @usableFromInline static let magic = 0x1.8p52
    package let scale: Double

    /// The smallest scale 10^d (d ≤ 15) under which every one of `sample` is exact; nil if there is none.
    package init?(sample: [Double]) {
        var d = 0
        for x in sample {
            while d <= 15 && !DecimalKeys(unchecked: Self.powers[d]).key(x).exact { d += 1 }
            if d > 15 { return nil }
        }
        self.scale = Self.powers[d]
    }
    private init(unchecked scale: Double) { self.scale = scale }
    private static let powers: [Double] = (0...15).map { (0..<$0).reduce(1.0) { r, _ in r * 10 } }

    /// The key of x, and whether x is exact under the scale (only then is the key valid).
    @inlinable @inline(__always)
    package func key(_ x: Double) -> (key: UInt64, exact: Bool) {
        let y = x * scale
        let r = y + Self.magic
        return (r.bitPattern, abs(y) < 0x1p51 && (r - Self.magic) / scale == x)
    }

    /// The double whose key is `k`.
    @inlinable @inline(__always)
    package func value(_ k: UInt64) -> Double { (Double(bitPattern: k) - Self.magic) / scale }
}

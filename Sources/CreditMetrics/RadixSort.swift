/// Sorting doubles by their bits: an LSD radix sort on order-preserving 64-bit keys (11-bit digits, six
/// passes, a pass skipped when every key shares its digit). For the 10⁷-score AUC it is several times
/// faster than the comparison sort, and it keeps the sort stable.
enum RadixSort {
    /// The order-preserving key of a finite double (−0 and +0 map to the same key).
    @inline(__always) static func key(_ x: Double) -> UInt64 {
        let bits = (x + 0).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The double whose key is `k` (the inverse of `key`).
    @inline(__always) static func value(_ k: UInt64) -> Double {
        Double(bitPattern: k & (1 << 63) != 0 ? k & ~(1 << 63) : ~k)
    }

    /// Keys of `values`, sorted ascending.
    static func sortedKeys(_ values: [Double]) -> [UInt64] {
        var keys = values.map(key)
        var payload: [Int32] = []
        sort(&keys, &payload, carry: false)
        return keys
    }

    /// Keys sorted ascending with the input positions carried along (stable).
    static func sortedKeysAndPositions(_ values: [Double]) -> (keys: [UInt64], positions: [Int32]) {
        var keys = values.map(key)
        var positions = (0..<Int32(values.count)).map { $0 }
        sort(&keys, &positions, carry: true)
        return (keys, positions)
    }

    private static func sort(_ keys: inout [UInt64], _ payload: inout [Int32], carry: Bool) {
        let n = keys.count
        guard n > 1 else { return }
        let bits = 11, buckets = 1 << bits, mask = UInt64(buckets - 1), passes = 6
        // All six digit histograms in one read of the keys.
        var counts = [Int](repeating: 0, count: buckets * passes)
        for k in keys {
            var shifted = k
            for p in 0..<passes { counts[p &* buckets &+ Int(shifted & mask)] &+= 1; shifted >>= UInt64(bits) }
        }
        var otherKeys = [UInt64](repeating: 0, count: n)
        var otherPayload = carry ? [Int32](repeating: 0, count: n) : []
        for p in 0..<passes {
            let base = p * buckets, shift = UInt64(p * bits)
            // A digit every key shares needs no pass.
            if counts[base + Int((keys[0] >> shift) & mask)] == n { continue }
            var total = 0
            for i in base..<(base + buckets) { let c = counts[i]; counts[i] = total; total &+= c }
            if carry {
                for i in 0..<n {
                    let d = base &+ Int((keys[i] >> shift) & mask), q = counts[d]
                    otherKeys[q] = keys[i]; otherPayload[q] = payload[i]; counts[d] = q &+ 1
                }
                swap(&payload, &otherPayload)
            } else {
                for i in 0..<n {
                    let d = base &+ Int((keys[i] >> shift) & mask), q = counts[d]
                    otherKeys[q] = keys[i]; counts[d] = q &+ 1
                }
            }
            swap(&keys, &otherKeys)
        }
    }
}

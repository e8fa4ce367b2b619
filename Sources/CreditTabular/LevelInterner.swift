#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A text column's level codes by the raw bytes of the field, so that a level seen before is coded without
/// building a `String` (a heap allocation for text over 15 bytes) or hashing one (Unicode-aware) per row.
///
/// An open-addressing table (linear probing, power-of-two slots, at most half full) over a 64-bit hash of the
/// bytes; the key's bytes are kept in one buffer and compared byte for byte on a hash match. It only caches
/// what `CSVParser.textValue(bytes:count:column:)` decides: −1 for a field whose trimmed text is a missing
/// token (so a level seen before is coded without the trim and the token test), else the code that
/// `CSVParser.code(_:column:)` gives. A miss goes through the `String` dictionary, which also finds a
/// level written with other bytes that Swift's `String` equality takes as the same text (canonical
/// equivalence, `é` precomposed or not), and the bytes are then entered with that level's code. So the codes,
/// the levels and their order are exactly those the `String` dictionary alone gives.
struct LevelInterner {
    /// Per slot: 1 + the entry's index, 0 for an empty slot.
    private var slots: [Int32] = []
    private var hashes: [UInt64] = []
    private var codes: [Int32] = []
    /// Entry i's bytes are `bytes[starts[i]..<starts[i + 1]]`.
    private var starts: [Int] = [0]
    private var bytes: [UInt8] = []

    /// The 64-bit hash of `p[0..<n]`: eight bytes at a time, multiplied and folded (the length mixed in first).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(truncatingIfNeeded: n) &* m
        var i = 0
        while i &+ 8 <= n {
            let w = NumberParser.load(p, i)
            h = (h ^ w) &* m
            h ^= h &>> 32
            i &+= 8
        }
        if i < n {
            // The last n − i (1…7) bytes as the low bytes of a word: from the eight bytes ending at the key's end
            // when there are eight (the ones hashed already shifted out), else one at a time. The same word
            // either way.
            var w: UInt64 = 0
            if n >= 8 {
                w = NumberParser.load(p, n &- 8) &>> UInt64(truncatingIfNeeded: 8 &* (8 &- (n &- i)))
            } else {
                var shift: UInt64 = 0
                while i < n { w |= UInt64(p[i]) &<< shift; shift &+= 8; i &+= 1 }
            }
            h = (h ^ w) &* m
            h ^= h &>> 32
        }
        h = (h ^ (h &>> 29)) &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h &>> 32)
    }

    /// The code (or −1, missing) entered for `p[0..<n]` (hash `h`), or nil.
    @inline(__always)
    func code(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int32? {
        let mask = slots.count &- 1
        guard mask > 0 else { return nil }
        return slots.withUnsafeBufferPointer { slots -> Int32? in
            var s = Int(truncatingIfNeeded: h) & mask
            while true {
                let e = Int(slots[s])
                if e == 0 { return nil }
                if hashes[e &- 1] == h {
                    let a = starts[e &- 1], b = starts[e]
                    if b &- a == n {
                        let same = bytes.withUnsafeBufferPointer { k in n == 0 || Self.equal(k.baseAddress! + a, p, n) }
                        if same { return codes[e &- 1] }
                    }
                }
                s = (s &+ 1) & mask
            }
        }
    }

    /// Whether `a[0..<n]` and `b[0..<n]` hold the same bytes: eight at a time, the last word read overlapping the
    /// one before (levels are mostly short: inline, without a call of `memcmp`). Reads nothing past `n`.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n < 8 {
            var i = 0
            while i < n { if a[i] != b[i] { return false }; i &+= 1 }
            return true
        }
        var i = 0
        while i &+ 8 <= n {
            if NumberParser.load(a, i) != NumberParser.load(b, i) { return false }
            i &+= 8
        }
        return i == n || NumberParser.load(a, n &- 8) == NumberParser.load(b, n &- 8)
    }

    /// Enters `p[0..<n]` (hash `h`, not yet entered) with `code`.
    mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, code: Int32) {
        if 2 * (codes.count + 1) > slots.count { rehash(Swift.max(16, 2 * slots.count)) }
        hashes.append(h)
        codes.append(code)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        starts.append(bytes.count)
        place(codes.count - 1)
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hashes[entry]) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = Int32(entry + 1)
    }

    private mutating func rehash(_ size: Int) {
        slots = [Int32](repeating: 0, count: size)
        for e in 0..<codes.count { place(e) }
    }
}

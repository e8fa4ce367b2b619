/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators", OOPSLA,
/// doi:10.1145/2660193.2660195): a seeded generator whose stream is the same on every machine and every Swift
/// version (the system generator is neither seeded nor stable).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound without modulo bias (Lemire 2019, doi:10.1145/3230636, multiply-shift with
    /// rejection), spelled out so the stream does not depend on the standard library's algorithm.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "next(below:) needs a positive bound")
        let s = UInt64(bound)
        var m = next().multipliedFullWidth(by: s)
        if m.low < s {
            let threshold = (0 &- s) % s
            while m.low < threshold { m = next().multipliedFullWidth(by: s) }
        }
        return Int(m.high)
    }

    /// Fisher–Yates shuffle driven by `next(below:)` (Durstenfeld's form, from the end).
    public mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = next(below: i + 1)
            if i != j { a.swapAt(i, j) }
        }
    }
}

extension SplitMix64 {
    /// Uniform on [0, 1) from the top 53 bits of one draw.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}

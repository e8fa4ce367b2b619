import Foundation
import CreditProbability
/// A small, fully specified random stream (SplitMix64), so synthetic data is the same on every machine.
///
/// Each loan gets its own stream, seeded from (seed, loan index) by `RandomStream(seed:stream:)`, so rows can be
/// generated in any order or in parallel and still give the same bytes.
package struct RandomStream: Sendable {
    private var generator: SplitMix64

    package init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// An independent stream for item `stream` of a run seeded with `seed`.
    package init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ 0x5851_F42D_4C95_7F2D)
        generator = SplitMix64(seed: mixer.next() ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        _ = generator.next()
    }

    package mutating func next() -> UInt64 { generator.next() }

    /// Uniform on [0, 1) with 53 random bits.
    package mutating func uniform() -> Double { generator.uniform() }

    /// Standard normal (Box–Muller; one draw per call, the partner discarded to keep the stream simple).
    package mutating func normal() -> Double {
        let u1 = 1 - uniform()          // (0, 1]
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Exponential with the given mean.
    package mutating func exponential(mean: Double) -> Double { -mean * log(1 - uniform()) }

    /// Poisson by inversion (small means only, as here).
    package mutating func poisson(mean: Double) -> Int {
        let limit = exp(-mean)
        var k = 0
        var product = uniform()
        while product > limit && k < 1000 { k += 1; product *= uniform() }
        return k
    }

    /// Index drawn with probabilities proportional to `weights`.
    package mutating func choice(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        return weights.count - 1
    }
}

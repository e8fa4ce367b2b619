// Fast seeded generator of large synthetic credit CSVs for the out-of-core scale run (Tests/Benchmarks/scale.sh).
// Standalone (no package modules), so it compiles in seconds:
//   swiftc -O Tests/Benchmarks/ScaleData.swift -o .build/scale-data-gen
//   .build/scale-data-gen ROWS SEED OUT.csv
//
// Columns x1..x30 (all numeric) and y:
//   x1..x10   N(0,1), 6 decimals           x11..x15  lognormal amounts in the thousands, 2 decimals
//   x16..x20  small counts 0..7            x21..x23  0/1 flags
//   x24..x27  uniform(0,1) rates, 4 dec.   x28       age 18..79        x29  N(50,10), 3 decimals
//   x30       N(0,1)·0.001, 7 decimals
//   y         Bernoulli(1/(1 + e^(−η))), η = −2.6 + Σ βⱼ·xⱼ on the values as written (≈ 10% ones)
// Row i depends only on the seed and i (a SplitMix64 stream per block of 100,000 rows), so the first N rows of
// a bigger file are the N-row file.
import Foundation

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    mutating func normal() -> Double {
        let u = max(uniform(), 0x1.0p-60), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let rows = Int(arguments[1]), let seed = UInt64(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: scale-data-gen ROWS SEED OUT.csv\n".utf8)); exit(64)
}
func openOutput() -> UnsafeMutablePointer<FILE> {
    guard let out = fopen(arguments[3], "w") else { FileHandle.standardError.write(Data("cannot write \(arguments[3])\n".utf8)); exit(1) }
    return out
}

func generate() {
    let out = openOutput()
    let decimals = [Int](repeating: 6, count: 10) + [Int](repeating: 2, count: 5) + [Int](repeating: 0, count: 8)
        + [Int](repeating: 4, count: 4) + [0, 3, 7]
    let beta: [Double] = [0.8, -0.6, 0.5, -0.4, 0.3, -0.2, 0.1, 0.0, 0.0, 0.05,
                          -0.0002, 0.0001, 0.0, 0.00005, -0.00003,
                          0.2, 0.12, -0.1, 0.05, 0.0,
                          0.3, -0.25, 0.0,
                          0.6, -0.3, 0.2, 0.0,
                          -0.02, 0.01, 50]
    let powers = (0...9).map { pow(10.0, Double($0)) }
    var buffer = [UInt8]()
    buffer.reserveCapacity(1 << 21)
    buffer.append(contentsOf: Array(((1...30).map { "x\($0)" } + ["y"]).joined(separator: ",").utf8))
    buffer.append(10)

    var digits = [UInt8](repeating: 0, count: 24)
    /// Appends `v` rounded to `d` decimals; returns the value as written.
    @inline(__always) func append(_ v: Double, _ d: Int) -> Double {
        let scaled = (v * powers[d]).rounded()
        var m = Int64(scaled)
        if m < 0 { buffer.append(UInt8(ascii: "-")); m = -m }
        var k = 0
        repeat { digits[k] = UInt8(48 + m % 10); m /= 10; k += 1 } while m > 0 || k <= d
        for i in stride(from: k - 1, through: 0, by: -1) {
            buffer.append(digits[i])
            if i == d && d > 0 { buffer.append(UInt8(ascii: ".")) }
        }
        return scaled / powers[d]
    }

    var bads = 0
    var row = 0
    var x = [Double](repeating: 0, count: 30)
    while row < rows {
        var rng = SplitMix64(state: seed &+ UInt64(row / 100_000) &* 0xD1B5_4A32_D192_ED03)
        let blockEnd = min(rows, (row / 100_000 + 1) * 100_000)
        while row < blockEnd {
            var eta = -2.6
            for j in 0..<10 { x[j] = rng.normal() }
            for j in 10..<15 { x[j] = exp(7.6 + 0.5 * rng.normal()) }
            for j in 15..<20 { x[j] = Double(Int(rng.uniform() * Double(2 + 2 * (j - 15)))) }
            for j in 20..<23 { x[j] = rng.uniform() < 0.3 ? 1 : 0 }
            for j in 23..<27 { x[j] = rng.uniform() }
            x[27] = Double(18 + Int(rng.uniform() * 62))
            x[28] = 50 + 10 * rng.normal()
            x[29] = 0.001 * rng.normal()
            for j in 0..<30 {
                if j > 0 { buffer.append(UInt8(ascii: ",")) }
                eta += beta[j] * append(x[j], decimals[j])
            }
            let bad = rng.uniform() < 1 / (1 + exp(-eta))
            if bad { bads += 1 }
            buffer.append(UInt8(ascii: ","))
            buffer.append(bad ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            buffer.append(10)
            if buffer.count > 1 << 20 {
                _ = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, out) }
                buffer.removeAll(keepingCapacity: true)
            }
            row += 1
        }
    }
    _ = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, out) }
    if fclose(out) != 0 { FileHandle.standardError.write(Data("write failed\n".utf8)); exit(1) }
    print("{\"rows\": \(rows), \"seed\": \(seed), \"bads\": \(bads)}")
}
generate()

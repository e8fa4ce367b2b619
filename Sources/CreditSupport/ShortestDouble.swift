import Foundation

/// The shortest text that reads back as a Double (`x.description`: "0.1", "1e-05", "5e-324"), written as bytes
/// with no String per number: the scores CSV writes millions of them.
package enum ShortestDouble {
    /// Appends the bytes of `x.description` (the shortest text that reads back as `x`: "0.1", "1e-05",
    /// "5e-324") to `out` without creating a String per number.
    ///
    /// `Double.write(to:)` runs the same digit generator as `description` and hands the text to the stream's
    /// `_writeASCII` (a standard library `TextOutputStream` requirement with a String-making default), which
    /// `ByteSink` takes as bytes; NaN goes through `description` (`write(to:)` spells a NaN's payload, as
    /// `debugDescription` does). `NumberFormatTests` checks the bytes against `description` on edge cases, grids
    /// and random bit patterns.
    @inline(__always)
    package static func append(_ x: Double, to out: inout [UInt8]) {
        if x.isNaN { out.append(contentsOf: x.description.utf8); return }
        var sink = ByteSink()
        swap(&sink.bytes, &out)         // O(1): the array moves in and back out, no copy
        x.write(to: &sink)
        swap(&sink.bytes, &out)
    }

    /// Room `write` needs (the longest `description` of a Double, "-2.2250738585072014e-308", is 24 bytes).
    package static let capacity = 32

    /// Writes the bytes of `x.description` at `p`, which has room for `capacity` bytes, and returns their count
    /// (see `append`).
    @inline(__always)
    package static func write(_ x: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var sink = PointerSink(p: p)
        if x.isNaN { sink.write(x.description) } else { x.write(to: &sink) }
        return sink.count
    }
}

/// A `TextOutputStream` into `capacity` bytes at `p`, taking ASCII text as bytes.
struct PointerSink: TextOutputStream {
    let p: UnsafeMutablePointer<UInt8>
    var count = 0
    mutating func write(_ string: String) { for b in string.utf8 { put(b) } }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        precondition(count + buffer.count <= ShortestDouble.capacity, "number text longer than expected")
        (p + count).update(from: buffer.baseAddress!, count: buffer.count)
        count += buffer.count
    }
    private mutating func put(_ b: UInt8) {
        precondition(count < ShortestDouble.capacity, "number text longer than expected")
        p[count] = b
        count += 1
    }
}

/// A `TextOutputStream` into a byte array, taking ASCII text (numbers) as bytes, with no String in between.
struct ByteSink: TextOutputStream {
    var bytes: [UInt8] = []
    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}

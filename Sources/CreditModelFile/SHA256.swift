internal import _CreditKernels
/// SHA-256 (FIPS 180-4), used to fingerprint the training input in the model file.
///
/// Incremental: `update` with chunks, then `finalize()`. No platform crypto library is needed: blocks are
/// compressed with the processor's SHA extensions when it has them (`credit_sha256_blocks`, C, ~1 GB/s here),
/// else by the portable Swift code below (~69 instructions per byte).
///
/// - Complexity: O(n) in the bytes hashed.
package struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    /// false: always the portable Swift compression (tests compare the two paths).
    var usesProcessorExtensions = true

    /// The round constants K (FIPS 180-4 §4.2.2), one table shared with the C compression.
    nonisolated(unsafe) private static let k = UnsafePointer<UInt32>(credit_sha256_round_constants())!

    package init() {}

    /// Hashes `bytes` in one call and returns the lowercase hex digest.
    package static func hexDigest<C: Collection>(of bytes: C) -> String where C.Element == UInt8 {
        var h = SHA256()
        h.update(Array(bytes))
        return h.finalizeHex()
    }

    /// `finalize()` as lowercase hex.
    package mutating func finalizeHex() -> String {
        finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    package mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Hashes bytes in place (no copy into an array).
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var start = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            start = take
            if buffer.count == 64 {
                let block = buffer
                block.withUnsafeBytes { processBlocks($0.baseAddress!, count: 1) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let blocks = (bytes.count - start) / 64
        if blocks > 0 { processBlocks(base + start, count: blocks) }
        start += 64 * blocks
        if start < bytes.count { buffer.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: bytes.count - start)) }
    }

    /// Pads, processes the last block(s) and returns the 32-byte digest.
    package mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBytes { processBlocks($0.baseAddress!, count: tail.count / 64) }
        buffer.removeAll()
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in state { for shift in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) } }
        return out
    }

    /// Compresses `count` 64-byte blocks starting at `base`. Works on raw pointers with the state in locals for the
    /// whole run of blocks (no bounds or uniqueness checks per word); the message schedule lives on the stack
    /// (InlineArray), so hashing a large file allocates nothing per block.
    private mutating func processBlocks(_ base: UnsafeRawPointer, count: Int) {
        if usesProcessorExtensions {
            let done = state.withUnsafeMutableBufferPointer { s in
                credit_sha256_blocks(s.baseAddress!, base.assumingMemoryBound(to: UInt8.self), count)
            }
            if done == 1 { return }
        }
        var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
        var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
        let k = SHA256.k
        var w = InlineArray<64, UInt32>(repeating: 0)
        for block in 0..<count {
            let p = base + 64 * block
            for i in 0..<16 {
                w[unchecked: i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            }
            for i in 16..<64 {
                let x = w[unchecked: i - 15], y = w[unchecked: i - 2]
                let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3)
                let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y &>> 10)
                w[unchecked: i] = w[unchecked: i - 16] &+ s0 &+ w[unchecked: i - 7] &+ s1
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = h &+ s1 &+ ch &+ k[i] &+ w[unchecked: i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                h = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
    }
}

@inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

import Foundation
import CreditTabular
import CreditSupport
import CreditBinning
import CreditScorecard
extension SHA256 {
    /// Hex SHA-256 of a file's bytes, read with read(2) in 4 MiB chunks into one reused buffer and hashed in place;
    /// nil when the file cannot be read.
    package static func hexDigest(ofFile path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
        defer { chunk.deallocate() }
        var hasher = SHA256()
        while true {
            let r = read(fd, chunk.baseAddress, chunk.count)
            if r < 0 { if errno == EINTR { continue }; return nil }
            if r == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: chunk.baseAddress, count: r))
        }
        return hasher.finalizeHex()
    }
}

/// Hashes a file on a background thread while the caller does other work (training reads and fits the same
/// file meanwhile, so the fingerprint costs little extra wall time on a multi-core machine).
///
/// The thread runs at the lowest priority (nice 19, Linux): it takes the cores the read and the fit leave idle
/// (their serial stretches) instead of a third of both cores while they use both. So that a busy machine cannot
/// starve it, `wait()` does not wait for it: the caller takes over the hashing where the thread is, on its own
/// thread at its own priority, and the background thread stops at its next 1 MiB chunk.
package final class BackgroundFileDigest: @unchecked Sendable {
    private static let chunkBytes = 1 << 20
    private let lock = NSLock()
    // All below guarded by `lock`; the worker hashes one chunk per hold of the lock.
    private var hasher = SHA256()
    private var fd: Int32 = -1
    private var digest: String?
    private var finished = false
    private var takenOver = false

    package init(path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { finished = true; return }   // unreadable: nil
        if Concurrency.threads == 1 { return }  // CREDIT_THREADS=1: all the hashing happens in `wait()`
        let thread = Thread { [self] in
            #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)   // Linux: who = 0 is this thread
            #endif
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: BackgroundFileDigest.chunkBytes, alignment: 64)
            defer { chunk.deallocate() }
            while true {
                lock.lock()
                defer { lock.unlock() }
                if finished || takenOver { return }
                step(chunk)
            }
        }
        thread.start()
    }

    deinit { if !finished { close(fd) } }   // never waited for (CREDIT_THREADS=1, or the caller failed first)

    /// Hashes the next chunk, or finishes at the end of the file or on a read error (caller holds `lock`).
    private func step(_ chunk: UnsafeMutableRawBufferPointer) {
        let r = read(fd, chunk.baseAddress, chunk.count)
        if r < 0 && errno == EINTR { return }
        if r > 0 { hasher.update(UnsafeRawBufferPointer(start: chunk.baseAddress, count: r)); return }
        if r == 0 { digest = hasher.finalizeHex() }
        close(fd)
        finished = true
    }

    /// The hex digest (finishing the hashing on this thread if needed); nil when the file could not be read.
    package func wait() -> String? {
        lock.lock()
        defer { lock.unlock() }
        takenOver = true
        if !finished {
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
            defer { chunk.deallocate() }
            while !finished { step(chunk) }
        }
        return digest
    }
}

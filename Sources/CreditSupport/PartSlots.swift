import Foundation

/// Values kept per part of a computation split across threads: each worker reads and writes its own index; the
/// caller reads them all after the workers have finished.
///
/// The writes go through a lock. A Swift array stored in a class and mutated from two threads at once, even at
/// different indices, is a data race: each mutation checks that the array's buffer is uniquely referenced, and a
/// temporary reference held by the other thread at that moment makes it copy the buffer and store the copy back,
/// which can silently drop the other thread's write. The parts are few and each is written a handful of times
/// (once per block of rows at most), so the lock costs nothing measurable.
package final class PartSlots<T>: @unchecked Sendable {
    private var storage: [T]
    private let lock = NSLock()

    package init(repeating value: T, count: Int) { storage = Array(repeating: value, count: count) }

    package var count: Int { lock.lock(); defer { lock.unlock() }; return storage.count }

    /// Sets slot `i`.
    package func set(_ i: Int, _ value: T) { lock.lock(); storage[i] = value; lock.unlock() }

    /// Changes slot `i` in place.
    package func update(_ i: Int, _ body: (inout T) -> Void) { lock.lock(); body(&storage[i]); lock.unlock() }

    /// Slot `i`.
    package subscript(i: Int) -> T { lock.lock(); defer { lock.unlock() }; return storage[i] }
}

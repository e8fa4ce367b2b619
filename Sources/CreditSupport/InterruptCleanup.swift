import Foundation

/// Named temporary files to remove if the process is stopped by SIGINT, SIGTERM or SIGHUP.
///
/// `AtomicOutput` registers each temporary file that has a name (a visible one from the start, one on a file
/// system without `O_TMPFILE`, and the name an unnamed file gets just before its rename) and unregisters it once
/// renamed or removed. The first registration installs a handler for the three signals (unless the signal is
/// ignored) that unlinks every registered file and then lets the signal take its default course, so the process
/// still ends as killed by that signal. The handler calls only `unlink`, `signal` and `raise`, which are
/// async-signal-safe, on paths copied to C strings at registration. SIGKILL cannot be caught: it leaves the file.
enum InterruptCleanup {
    /// Files registered at once (more are simply not cleaned up on a signal).
    static let capacity = 256
    private nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        p.initialize(repeating: nil, count: capacity)
        return p
    }()
    private static let lock = NSLock()
    private nonisolated(unsafe) static var installed = false

    /// Registers `path`; returns its slot (nil when every slot is taken).
    static func register(_ path: String) -> Int? {
        let table = slots
        lock.lock()
        defer { lock.unlock() }
        guard let k = (0..<capacity).first(where: { table[$0] == nil }) else { return nil }
        table[k] = strdup(path)
        if !installed {
            installed = true
            for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
                let previous = signal(signalNumber) { received in
                    let table = InterruptCleanup.slots
                    for k in 0..<InterruptCleanup.capacity { if let path = table[k] { unlink(path) } }
                    signal(received, SIG_DFL)
                    raise(received)
                }
                if let previous, unsafeBitCast(previous, to: Int.self) == 1 { signal(signalNumber, SIG_IGN) }   // was SIG_IGN: keep it
            }
        }
        return k
    }

    /// Forgets the file in `slot` (renamed into place, or removed).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.lock()
        defer { lock.unlock() }
        let path = slots[slot]
        slots[slot] = nil
        free(path)
    }
}

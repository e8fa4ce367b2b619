import Foundation
import CreditMetrics

// Progress on standard error, drawn only when it is a terminal: never in pipes, logs or tests.

/// A progress note on stderr, shown only when stderr is a terminal (never in pipes, logs or tests).
func progress(_ message: String) {
    guard isatty(STDERR_FILENO) != 0 else { return }
    FileHandle.standardError.write(Data("… \(message)\n".utf8))
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private let enabled = isatty(STDERR_FILENO) != 0
    private var lastDrawn = -1.0
    private var lastPhase = ""
    private var shown = false

    func update(_ phase: String, fraction: Double) {
        guard enabled else { return }
        let f = min(max(fraction, 0), 1)
        if phase == lastPhase && f - lastDrawn < 0.01 && f < 1 { return }
        lastPhase = phase; lastDrawn = f
        let width = 30, filled = Int((f * Double(width)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K… \(phase) [\(bar)] \(Int((f * 100).rounded()))%".utf8))
        shown = true
    }

    func note(_ message: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K… \(message)".utf8))
        shown = true
    }

    func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}

/// A progress line for the bootstrap on standard error, drawn only when it is a terminal (`ProgressBar`).
func bootstrapProgress(_ bar: ProgressBar) -> @Sendable (Int, Int) -> Void {
    let box = UncheckedBar(bar)
    return { done, total in box.bar.update("bootstrap replicate \(done) of \(total)", fraction: Double(done) / Double(total)) }
}

/// The progress bar, handed to the bootstrap's callback (called on the calling thread, one at a time).
private final class UncheckedBar: @unchecked Sendable {
    let bar: ProgressBar
    init(_ bar: ProgressBar) { self.bar = bar }
}

/// Runs `body` with `options` whose bootstrap draws a progress bar (`bootstrapProgress`), cleared when it returns.
func withBootstrapProgress<T>(_ options: EvaluationOptions, _ body: (EvaluationOptions) throws -> T) rethrows -> T {
    let bar = ProgressBar()
    defer { bar.finish() }
    var options = options
    options.progress = bootstrapProgress(bar)
    return try body(options)
}

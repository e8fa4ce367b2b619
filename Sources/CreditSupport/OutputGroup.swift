/// Several outputs of one command, committed all or none: `commit()` writes out and fsyncs every output and gives
/// each file its temporary name first, and only when all of that has worked renames them into place, one after
/// the other. A failure before the renames (a full disk, a write error, a file-size limit) leaves every previous
/// output as it was and removes every temporary file. The renames themselves are not one atomic step: a crash or
/// SIGKILL in the middle of them (microseconds, no I/O) leaves the outputs renamed so far new and the others old,
/// with their complete new bytes (already fsynced) beside them as `.NAME.tmp-PID-…`; a rename that fails
/// (rare: the temporary names are already in the target directories) stops the commit, abandons the rest and
/// throws. A stream in the group is written as it goes: it has nothing to hold back.
///
/// ```swift
/// let group = OutputGroup()
/// let scores = group.add(try AtomicOutput(path: "scores.csv"))
/// let rejects = group.add(try AtomicOutput(path: "rejects.csv"))
/// try scores.write("…"); try rejects.write("…")
/// try group.commit()      // both new, or (on an error) both as before
/// ```
package final class OutputGroup {
    private var outputs: [AtomicOutput] = []
    private var finished = false

    package init() {}

    /// Adds an output (returned, for chaining).
    @discardableResult
    package func add(_ output: AtomicOutput) -> AtomicOutput {
        outputs.append(output)
        return output
    }

    /// Prepares every output, then publishes them; a single output commits as `AtomicOutput.commit()` does.
    package func commit() throws {
        precondition(!finished, "OutputGroup.commit() twice")
        finished = true
        if outputs.count == 1 { return try outputs[0].commit() }
        do {
            for output in outputs { try output.prepare() }
            for output in outputs { try output.publish() }
        } catch {
            abandon()
            throw error
        }
    }

    /// Abandons every output not yet published.
    package func abandon() {
        finished = true
        for output in outputs { output.abandon() }
    }

    deinit { if !finished { abandon() } }
}

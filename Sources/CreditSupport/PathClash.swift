#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output of a command that is also one of its inputs, or the same file as another of its outputs.
package struct PathClash: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output's option (e.g. "-o") and path as given.
    package var output: String, outputPath: String
    /// The other path's name (an input such as "DATA", or another output's option) and path as given.
    package var other: String, otherPath: String
    /// Whether the other path is an input.
    package var otherIsInput: Bool

    package init(output: String, outputPath: String, other: String, otherPath: String, otherIsInput: Bool) {
        self.output = output; self.outputPath = outputPath
        self.other = other; self.otherPath = otherPath; self.otherIsInput = otherIsInput
    }

    package var description: String {
        let shown = otherPath == outputPath ? "" : " (\(otherPath))"
        if otherIsInput { return "\(output) \(outputPath) is also the input \(other)\(shown); choose another output path" }
        return "\(output) \(outputPath) is also the output \(other)\(shown); give each output its own path"
    }

    /// Refuses an output that is the same file as an input or as an earlier output: by device and inode when the
    /// file exists (symbolic links followed; "-" and `/dev/fd/N` by their descriptor), by absolute path when it
    /// does not yet. Only regular files, FIFOs and paths not yet there count: naming `/dev/null` or a terminal
    /// twice is fine.
    /// - Parameters:
    ///   - inputs: (name, path) of every file the command reads ("-" is standard input).
    ///   - outputs: (option, path) of every file the command writes ("-" is standard output).
    /// - Throws: `PathClash` for the first output that clashes.
    package static func check(inputs: [(String, String)], outputs: [(String, String)]) throws {
        let read = inputs.map { (name: $0.0, path: $0.1, identity: PathNames.identity(of: $0.1, standardDescriptor: STDIN_FILENO)) }
        var written: [(name: String, path: String, identity: PathNames.Identity?)] = []
        for (option, path) in outputs {
            let identity = PathNames.identity(of: path, standardDescriptor: STDOUT_FILENO)
            if let identity, identity.canClash {
                if let input = read.first(where: { $0.identity == identity }) {
                    throw PathClash(output: option, outputPath: path, other: input.name, otherPath: input.path, otherIsInput: true)
                }
                if let earlier = written.first(where: { $0.identity == identity }) {
                    throw PathClash(output: option, outputPath: path, other: earlier.name, otherPath: earlier.path, otherIsInput: false)
                }
            }
            written.append((option, path, identity))
        }
    }
}

extension PathNames.Identity {
    /// Whether two paths with this identity are a clash (a regular file, a FIFO, or a path not there yet).
    var canClash: Bool {
        switch self {
        case .file(_, _, let exclusive): return exclusive
        case .path: return true
        }
    }
}

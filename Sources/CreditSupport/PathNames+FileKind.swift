import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PathNames {
    /// The first two of `paths` that name the same file: the same device and inode (through links and different
    /// spellings), or, for a path that does not exist (its reader reports it), the same standardised path.
    ///
    /// For inputs that must be distinct (the datasets of a comparison across datasets); `PathClash` is the check
    /// between inputs and outputs.
    package static func firstSameFile(in paths: [String]) -> (String, String)? {
        var seen: [(key: String, path: String)] = []
        for path in paths {
            var st = stat()
            let key = stat(path, &st) == 0 ? "inode \(st.st_dev):\(st.st_ino)"
                : "path " + URL(fileURLWithPath: path).standardizedFileURL.path
            if let first = seen.first(where: { $0.key == key }) { return (first.path, path) }
            seen.append((key, path))
        }
        return nil
    }

    /// "a pipe (FIFO)", "a character device" or "a socket" for a path that exists and can be read only once;
    /// nil for a regular file, a directory or a missing path (which its reader reports itself).
    package static func readOnceKind(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFIFO: return "a pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFSOCK: return "a socket"
        default: return nil
        }
    }
}

extension PathNames {
    /// The first of `paths` that is a file directly in `directory` whose name `matches` accepts, symbolic links
    /// followed on both sides: a file that writing such names into the directory would overwrite (`credit report
    /// --svg DIR` writes chart-*.svg there). "-" is skipped, and so is a path (or a directory) that neither exists
    /// nor has an existing parent directory: nothing there can be overwritten.
    /// - Parameter paths: (name, path) of the command's inputs and outputs.
    /// - Returns: the name and path as given, and the file's name in the directory.
    package static func firstFile(in directory: String, matching matches: (String) -> Bool,
                                  among paths: [(name: String, path: String)]) -> (name: String, path: String, file: String)? {
        guard let real = resolved(directory) else { return nil }
        for (name, path) in paths where path != "-" {
            guard let full = resolved(path) else { continue }
            let (parent, file) = split(full)
            if parent == real && matches(file) { return (name, path, file) }
        }
        return nil
    }
}

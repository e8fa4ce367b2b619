#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Credit {
    /// The entry point: ignores SIGXFSZ first, so that a write beyond the file-size limit (`ulimit -f`) fails
    /// with EFBIG and is reported as "cannot write: File too large" (the output's temporary file dropped, the
    /// previous output intact) instead of the signal killing the process without a message.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}

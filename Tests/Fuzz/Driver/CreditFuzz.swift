import FuzzTargets
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `credit-fuzz TARGET ARGS…` (TARGET: csv, number, model).
///
/// Built by Tests/Fuzz/build.sh with coverage instrumentation and `-D CREDIT_FUZZ`: runs libFuzzer on the
/// target, ARGS being libFuzzer's (corpus directories, -max_total_time=…). In an ordinary build: replays
/// the files (or the files in the directories) named by ARGS through the target once each.
@main
struct CreditFuzz {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
            printError("usage: credit-fuzz {\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))} [libFuzzer options] [corpus directories or files]")
            exit(64)
        }
        selected = target
        #if CREDIT_FUZZ
        // libFuzzer sees the arguments without TARGET.
        var argv: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
        var argc = CInt(argv.count - 1)
        let status = argv.withUnsafeMutableBufferPointer { b -> CInt in
            var base = b.baseAddress!
            return LLVMFuzzerRunDriver(&argc, &base) { data, size in
                selected.run(UnsafeRawBufferPointer(start: data, count: size))
                return 0
            }
        }
        exit(status)
        #else
        var count = 0
        for path in arguments.dropFirst(2) {
            for file in files(at: path) {
                guard let bytes = readFile(file) else { printError("cannot read \(file)"); exit(1) }
                bytes.withUnsafeBytes { target.run($0) }
                count += 1
            }
        }
        print("\(target.rawValue): \(count) inputs ran without a finding")
        #endif
    }
}

func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}

nonisolated(unsafe) var selected = FuzzTarget.csv

#if CREDIT_FUZZ
/// libFuzzer's entry for a program that has its own `main` (from libclang_rt.fuzzer_no_main).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

/// The regular files at `path` (itself, or the entries of a directory, sorted).
func files(at path: String) -> [String] {
    guard let dir = opendir(path) else { return [path] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if !name.hasPrefix(".") { names.append(path + "/" + name) }
    }
    return names.sorted()
}

func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n > 0 { bytes += buffer[0..<n] }
        if n < buffer.count { break }
    }
    return bytes
}

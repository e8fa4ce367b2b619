import Foundation
import TestSupport

/// A private PostgreSQL server for one test class: `initdb` into a fresh temporary directory (password
/// authentication, scram-sha-256), `pg_ctl start` listening only on a Unix socket in that directory (no TCP),
/// fsync off (`-F`), then `stop` and the directory removed. Never a system cluster, never an assumed server.
///
/// PostgreSQL refuses to run as root: when the tests run as root (CI may), the server runs as uid/gid 65534
/// (`nobody`) through util-linux `setpriv --reuid --regid --clear-groups`, in a directory chowned to it. No
/// user is created and /etc is not touched. `start()` returns nil with the reason when that cannot work (no
/// PostgreSQL 15 binaries, no setpriv), and the caller fails or skips loudly with it.
final class PrivatePostgreSQL {
    static let bin = "/usr/lib/postgresql/15/bin"
    static let user = "credit"
    static let password = "credit-test-password"
    let directory: URL
    let asNobody: Bool

    /// The URL of database `postgres` on the socket (no password in it: pass `environment`).
    var url: String { "postgresql://\(Self.user)@/postgres?host=\(directory.path)" }
    /// PGPASSWORD for the server (libpq's convention).
    var environment: [String: String] { ["PGPASSWORD": Self.password] }

    private init(directory: URL, asNobody: Bool) { self.directory = directory; self.asNobody = asNobody }

    /// Starts a server, or says why it cannot.
    static func start() -> (server: PrivatePostgreSQL?, why: String?) {
        guard FileManager.default.isExecutableFile(atPath: "\(bin)/initdb"), FileManager.default.isExecutableFile(atPath: "\(bin)/pg_ctl") else {
            return (nil, "\(bin)/initdb or pg_ctl not found: install Debian postgresql (make test-deps does)")
        }
        let root = getuid() == 0
        if root && !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            return (nil, "running as root and /usr/bin/setpriv (util-linux) is missing: PostgreSQL refuses to run as root")
        }
        // /tmp, not $TMPDIR: the server's uid must reach the directory (and a socket path must be short).
        let directory = URL(fileURLWithPath: "/tmp/credit-pg-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
            let passwordFile = directory.appendingPathComponent("pwfile")
            try Data((password + "\n").utf8).write(to: passwordFile)
            if root {
                for path in [directory.path, passwordFile.path] where chown(path, 65534, 65534) != 0 {
                    return (nil, "cannot chown \(path) to uid 65534: \(String(cString: strerror(errno)))")
                }
            }
            let server = PrivatePostgreSQL(directory: directory, asNobody: root)
            let initdb = server.run("\(bin)/initdb", ["-D", directory.appendingPathComponent("data").path, "-U", user, "-A", "scram-sha-256",
                                                      "--pwfile=\(passwordFile.path)", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
            if initdb.status != 0 { server.remove(); return (nil, "initdb failed: \(initdb.output)") }
            let start = server.run("\(bin)/pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-l", directory.appendingPathComponent("log").path,
                                                     "-w", "-o", "-F -k \(directory.path) -h ''", "start"])
            if start.status != 0 {
                let log = (try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? ""
                server.remove()
                return (nil, "pg_ctl start failed: \(start.output) \(log)")
            }
            return (server, nil)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            return (nil, "cannot prepare \(directory.path): \(error)")
        }
    }

    /// Runs a server program (as uid 65534 when the tests run as root), with a clean environment, its output in
    /// a log file. posix_spawn and waitpid, not Foundation's Process: `pg_ctl start` leaves the server running
    /// with the log open, and Process's exit monitoring was seen to hang on that.
    func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let argv = asNobody
            ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "-i", "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", program] + arguments
            : [program] + arguments
        let log = directory.appendingPathComponent("command-\(UUID().uuidString.prefix(6)).out").path
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        if spawned != 0 { return (-1, "\(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: log)
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : -1, output)
    }

    /// Runs SQL through psql as the test user (psql's own `\copy` reads files as this process).
    @discardableResult
    func psql(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0 { throw NSError(domain: "psql", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: text]) }
        return text
    }

    /// Stops the server (fast shutdown) and removes its directory.
    func stop() {
        _ = run("\(Self.bin)/pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"])
        remove()
    }

    private func remove() { try? FileManager.default.removeItem(at: directory) }
}

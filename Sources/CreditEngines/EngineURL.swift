import Foundation
internal import CLibPQ

/// Where a table lives: a SQLite database file or a PostgreSQL server, from a URL.
///
/// - `sqlite:///relative/path.db` and `sqlite:////absolute/path.db` (SQLAlchemy's convention: what follows
///   `sqlite:///` is the path, so an absolute path starts with a fourth slash). No query, no fragment.
/// - `postgresql://user@host:port/dbname?param=value` (or `postgres://`): libpq's own connection URI, parsed by
///   libpq (`PQconninfoParse`), so every parameter libpq documents works (`host=/run/postgresql` for a Unix
///   socket, `sslmode`, `connect_timeout`, …).
///
/// A password is never taken from the URL (`EngineError.passwordInURL`): it would end up in shell history, in
/// `ps`, in the model file's command line. libpq's own conventions supply it instead — `PGPASSWORD`, the
/// password file `~/.pgpass` (or `PGPASSFILE`) — or `--password-file`. `description` is the URL as given, which
/// therefore never holds a password; it is what the model file records.
public struct EngineURL: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A SQLite database file.
        case sqlite(path: String)
        /// A PostgreSQL connection URI, as libpq reads it.
        case postgresql(uri: String)
    }
    public let kind: Kind
    /// The URL as given (never with a password).
    public let description: String

    /// The engine's name in messages: "SQLite" or "PostgreSQL".
    public var engineName: String {
        switch kind {
        case .sqlite: return "SQLite"
        case .postgresql: return "PostgreSQL"
        }
    }

    /// Parses a URL.
    /// - Throws: `EngineError.badURL` (an unknown scheme, an empty SQLite path, a query on a SQLite URL, a URI
    ///   libpq cannot parse), `.passwordInURL`.
    public init(_ text: String) throws {
        let lower = text.lowercased()
        if lower.hasPrefix("sqlite:") {
            guard lower.hasPrefix("sqlite:///") else {
                throw EngineError.badURL(text, "a SQLite URL is sqlite:///relative/path.db or sqlite:////absolute/path.db")
            }
            let path = String(text.dropFirst("sqlite:///".count))
            if path.isEmpty { throw EngineError.badURL(text, "no database file after sqlite:///") }
            if path.contains("?") || path.contains("#") {
                throw EngineError.badURL(text, "a SQLite URL takes no query or fragment (a file name with ? or # cannot be given)")
            }
            if path.utf8.contains(0) { throw EngineError.badURL(text, "the path holds a NUL character") }
            kind = .sqlite(path: path)
        } else if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") {
            if text.utf8.contains(0) { throw EngineError.badURL(text, "the URL holds a NUL character") }
            var message: UnsafeMutablePointer<CChar>?
            guard let options = PQconninfoParse(text, &message) else {
                let why = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "libpq cannot parse it"
                if let message { PQfreemem(message) }
                throw EngineError.badURL(Self.withoutPassword(text), why)
            }
            defer { PQconninfoFree(options) }
            var option = options
            while let keyword = option.pointee.keyword {
                if String(cString: keyword) == "password", let value = option.pointee.val, value.pointee != 0 {
                    throw EngineError.passwordInURL(Self.withoutPassword(text))
                }
                option += 1
            }
            kind = .postgresql(uri: text)
        } else {
            throw EngineError.badURL(text, "expected sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE")
        }
        description = text
    }

    /// The URL with anything that may be a password masked, for the message that refuses it: the part
    /// between "user:" and "@" and any `password=` parameter's value.
    static func withoutPassword(_ text: String) -> String {
        var out = text
        if let scheme = out.range(of: "://") {
            let rest = out[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                out.replaceSubrange(rest.index(after: colon)..<at, with: "***")
            }
        }
        while let range = out.range(of: "password=", options: .caseInsensitive),
              !out[range.upperBound...].hasPrefix("***") {
            let end = out[range.upperBound...].firstIndex(where: { $0 == "&" || $0 == " " }) ?? out.endIndex
            out.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return out
    }
}

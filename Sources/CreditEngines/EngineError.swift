/// Why an engine could not be reached or refused a statement. Messages quote the engine's own text.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL cannot be read (URL with any password masked, why).
    case badURL(String, String)
    /// The URL holds a password (shown masked).
    case passwordInURL(String)
    /// The password file cannot be read or is empty (path, why).
    case passwordFile(String, String)
    /// The engine cannot be reached, or refused the connection (engine, URL, its message).
    case connection(engine: String, url: String, message: String)
    /// The engine refused or failed a statement (engine, its message).
    case statement(engine: String, message: String)
    /// A table or column name that cannot be quoted as an identifier (the name, the option that gave it, why).
    case unquotableName(String, option: String, reason: String)
    /// An aggregate came back NULL or not a number where a number was expected (what was summed).
    case nullResult(String)

    public var description: String {
        switch self {
        case .badURL(let url, let why): return "--db '\(url)': \(why)"
        case .passwordInURL(let url):
            return "--db '\(url)': the URL holds a password; give it through PGPASSWORD, ~/.pgpass or --password-file instead (a password in a URL ends up in shell history, process lists and the model file)"
        case .passwordFile(let path, let why): return "--password-file '\(path)': \(why)"
        case .connection(let engine, let url, let message): return "cannot connect to \(engine) at \(url): \(message)"
        case .statement(let engine, let message): return "\(engine) refused the query: \(message)"
        case .unquotableName(let name, let option, let reason): return "\(option) '\(name)': \(reason)"
        case .nullResult(let what): return "the engine returned NULL for \(what) (no rows matched?)"
        }
    }
}

/// A strict JSON reader for model files: RFC 8259 syntax, every key of an object once, a bounded depth.
///
/// Foundation's `JSONSerialization` and `JSONDecoder` accept an object with a key twice and silently keep one
/// of the values, while other tools (jq, Python's `json`) keep the other: a file with `"coefficients"` twice
/// would score one way here and audit another way there, and one with `"version"` 3 then 2 would pass one
/// check and another. So the model loader parses the bytes with this reader first and refuses such files,
/// naming the key by its path (`fit.coefficients`, `scorecard.characteristics[2].table`).
///
/// Rules, each tested in `StrictJSONTests`:
/// - Grammar as RFC 8259 §2–7: whitespace is space, tab, LF, CR; numbers are
///   `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; strings have no raw control character (< 0x20), only
///   the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`, a `\u` surrogate only as a high–low pair, and valid
///   UTF-8; one value, then only whitespace. A UTF-8 byte-order mark before it is skipped.
/// - Keys are compared after unescaping, as Swift strings (so `"ver\u0073ion"` is `version`, and so are two
///   spellings of a key that Unicode calls canonically equivalent: a Swift dictionary could not keep both).
/// - At most `maximumDepth` nested arrays and objects (a model file uses fewer than ten).
///
/// The tree it returns keeps every key (unescaped) and the byte range of every string and number, so the
/// loader can read the few values it needs and compare the keys with a re-encoding of the model.
///
/// - Complexity: O(n) time in the bytes; the tree holds one node per value.
enum StrictJSON {
    /// Nested arrays and objects allowed.
    static let maximumDepth = 64

    /// A parsed value. Strings and numbers are byte ranges in the input (a string's without its quotes, still
    /// escaped); `string(_:in:)` unescapes one. (Not `indirect`: the arrays hold the nesting, so a leaf is no
    /// allocation of its own.)
    enum Node {
        case object([(key: String, value: Node)])
        case array([Node])
        case string(Range<Int>)
        case number(Range<Int>)
        case bool(Bool)
        case null

        /// The value of `key` in an object (nil for another node, or no such key).
        subscript(key: String) -> Node? {
            guard case .object(let members) = self else { return nil }
            return members.first { $0.key == key }?.value
        }
    }

    /// Why a document was refused; `offset` is the 0-based byte where the problem was found.
    enum Failure: Error, Equatable {
        case malformed(offset: Int, reason: String)
        case duplicateKey(path: String)
        case tooDeep(offset: Int)
    }

    /// Parses `bytes` as one JSON document.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> Node {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }

    /// The text of a string node of `bytes` (nil for another node).
    static func string(_ node: Node, in bytes: [UInt8]) -> String? {
        guard case .string(let range) = node else { return nil }
        var parser = Parser(bytes: bytes)
        parser.position = range.lowerBound - 1
        return try? parser.string()
    }

    /// The text of a number node of `bytes` (nil for another node).
    static func numberText(_ node: Node, in bytes: [UInt8]) -> String? {
        guard case .number(let range) = node else { return nil }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// A key path as the loader's messages write it: `fit.coefficients`, `schema.predictors[3].kind`; the top
    /// level is "the top level".
    static func describe(_ path: [PathComponent]) -> String {
        if path.isEmpty { return "the top level" }
        var text = ""
        for component in path {
            switch component {
            case .key(let k): text += text.isEmpty ? k : ".\(k)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }

    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var depth = 0
        var path: [PathComponent] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() throws(Failure) -> Node {
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
            skipWhitespace()
            let node = try value()
            skipWhitespace()
            if position < bytes.count { throw .malformed(offset: position, reason: "text after the JSON value") }
            return node
        }

        func fail(_ reason: String) -> Failure { .malformed(offset: position, reason: reason) }

        mutating func skipWhitespace() {
            while position < bytes.count {
                let b = bytes[position]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 } else { return }
            }
        }

        mutating func value() throws(Failure) -> Node {
            guard position < bytes.count else { throw fail("the document ends where a value should be") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""):
                let start = position + 1
                try skipString()
                return .string(start..<(position - 1))
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw fail("unexpected character")
            }
        }

        mutating func enter() throws(Failure) {
            depth += 1
            if depth > StrictJSON.maximumDepth { throw .tooDeep(offset: position) }
        }

        mutating func object() throws(Failure) -> Node {
            try enter()
            position += 1
            var members: [(key: String, value: Node)] = []
            var seen = Set<String>()
            skipWhitespace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
                position += 1; depth -= 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try string()
                path.append(.key(key))
                if !seen.insert(key).inserted { throw .duplicateKey(path: StrictJSON.describe(path)) }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                position += 1
                skipWhitespace()
                members.append((key, try value()))
                path.removeLast()
                skipWhitespace()
                guard position < bytes.count else { throw fail("the document ends inside an object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; break }
                throw fail("expected ',' or '}'")
            }
            depth -= 1
            return .object(members)
        }

        mutating func array() throws(Failure) -> Node {
            try enter()
            position += 1
            var elements: [Node] = []
            skipWhitespace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                position += 1; depth -= 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                path.append(.index(elements.count))
                elements.append(try value())
                path.removeLast()
                skipWhitespace()
                guard position < bytes.count else { throw fail("the document ends inside an array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; break }
                throw fail("expected ',' or ']'")
            }
            depth -= 1
            return .array(elements)
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let n = word.utf8CodeUnitCount
            guard position + n <= bytes.count else { throw fail("unexpected end") }
            let w = word.utf8Start
            for k in 0..<n where bytes[position + k] != w[k] { throw fail("unexpected character") }
            position += n
        }

        mutating func number() throws(Failure) -> Node {
            let start = position
            func digit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digit(position) else { throw fail("a number needs a digit") }
            if bytes[position] == 0x30 {
                position += 1
                if digit(position) { throw fail("a number does not start with 0 and another digit") }
            } else {
                while digit(position) { position += 1 }
            }
            if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digit(position) else { throw fail("a digit must follow the decimal point") }
                while digit(position) { position += 1 }
            }
            if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
                position += 1
                if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
                guard digit(position) else { throw fail("a digit must follow the exponent marker") }
                while digit(position) { position += 1 }
            }
            return .number(start..<position)
        }

        /// Checks the string at `position` (its opening quote) and moves past its closing quote.
        mutating func skipString() throws(Failure) {
            position += 1
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") { position += 1; return }
                if b == UInt8(ascii: "\\") { _ = try escape(); continue }
                if b < 0x20 { throw fail("a control character inside a string") }
                if b < 0x80 { position += 1; continue }
                position += try utf8Sequence()
            }
            throw fail("the document ends inside a string")
        }

        /// The unescaped string at `position` (its opening quote); moves past its closing quote.
        mutating func string() throws(Failure) -> String {
            position += 1
            var out: [UInt8] = []
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    position += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b == UInt8(ascii: "\\") {
                    let scalar = try escape()
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    continue
                }
                if b < 0x20 { throw fail("a control character inside a string") }
                if b < 0x80 { out.append(b); position += 1; continue }
                let n = try utf8Sequence()
                out.append(contentsOf: bytes[position..<(position + n)])
                position += n
            }
            throw fail("the document ends inside a string")
        }

        /// Reads the escape at `position` (its backslash) and moves past it.
        mutating func escape() throws(Failure) -> Unicode.Scalar {
            guard position + 1 < bytes.count else { throw fail("the document ends inside an escape") }
            let e = bytes[position + 1]
            position += 2
            switch e {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let high = try hex4()
                if high >= 0xDC00 && high <= 0xDFFF { throw fail("a low surrogate without a high one") }
                if high >= 0xD800 && high <= 0xDBFF {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw fail("a high surrogate without a low one")
                    }
                    position += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low <= 0xDFFF else { throw fail("a high surrogate without a low one") }
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
                }
                return Unicode.Scalar(high)!
            default:
                position -= 1
                throw fail("an unknown escape")
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail("the document ends inside a \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[position]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: throw fail("a \\u escape needs four hexadecimal digits")
                }
                v = v << 4 | d
                position += 1
            }
            return v
        }

        /// The length of the valid UTF-8 sequence of two to four bytes at `position` (Unicode 15, table 3-7).
        func utf8Sequence() throws(Failure) -> Int {
            let b = bytes[position]
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: throw fail("invalid UTF-8")
            }
            guard position + need < bytes.count else { throw fail("invalid UTF-8") }
            let b1 = bytes[position + 1]
            guard b1 >= lo && b1 <= hi else { throw fail("invalid UTF-8") }
            var k = 2
            while k <= need {
                guard bytes[position + k] & 0xC0 == 0x80 else { throw fail("invalid UTF-8") }
                k += 1
            }
            return need + 1
        }
    }
}

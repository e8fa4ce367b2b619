import Foundation

/// JSON rendering shared by every command's `--format json`: pretty, sorted keys, non-finite numbers as strings.
package enum JSONOutput {
    package static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("JSON encoding of \(T.self) failed")
        }
        return text + "\n"
    }
}

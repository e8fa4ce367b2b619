import Foundation
import CreditScorecard
import CreditModelFile
import CreditTabular
/// The model-file loader: `CreditModel.decode` must return a model or throw `ModelFileError`, whatever the
/// bytes. A model that loads must survive a save/load round trip unchanged and score a few rows (numbers,
/// missing values, text in numeric columns) without trapping.
public func fuzzModel(_ data: UnsafeRawBufferPointer) {
    let bytes = [UInt8](data)
    let model: CreditModel
    do {
        model = try CreditModel.decode(Data(bytes), path: "fuzz.json")
    } catch let error as ModelFileError {
        guard !error.description.isEmpty else { finding("empty error message", input: bytes) }
        return
    } catch {
        finding("decode threw a non-ModelFileError: \(error)", input: bytes)
    }

    // Round trip: what we write, we read back the same.
    do {
        let written = try model.jsonData()
        let back = try CreditModel.decode(written, path: "fuzz-roundtrip.json")
        guard back == model else { finding("save/load round trip changed the model", input: bytes) }
    } catch {
        finding("a loaded model does not round-trip: \(error)", input: bytes)
    }

    // Score a small table with the model's inputs, read as `credit score` reads them.
    let inputs = model.inputs
    guard !inputs.isEmpty, inputs.count <= 64 else { return }
    let values = ["0", "", "1.5", "-1e300", "x", "NA"]
    var csv = inputs.map { csvField($0.name) }.joined(separator: ",") + "\n"
    for k in 0..<values.count {
        csv += inputs.indices.map { i in values[(k + i) % values.count] }.joined(separator: ",") + "\n"
    }
    var options = CSVOptions()
    for input in inputs { options.columnTypes[input.name] = input.type }
    options.typedColumnsMustExist = false
    do {
        let reader = try CSVStreamReader(bytes: Array(csv.utf8), source: "fuzz-rows.csv", options: options,
                                         columns: Set(inputs.map(\.name)), textInNumericColumns: .record)
        guard model.missingInputs(header: reader.header).isEmpty else { return }
        while let chunk = try reader.next() {
            let scores = try model.score(chunk: chunk)
            guard scores.rowCount == chunk.table.rowCount, scores.probabilities.count == scores.rowCount else {
                finding("scoring lost rows: \(scores.probabilities.count) of \(chunk.table.rowCount)", input: bytes)
            }
            let rejected = scores.probabilities.filter(\.isNaN).count
            guard rejected == scores.rejects.count else {
                finding("\(rejected) NaN probabilities but \(scores.rejects.count) rejects", input: bytes)
            }
            for p in scores.probabilities where !p.isNaN && !(0...1).contains(p) {
                finding("probability \(p) outside [0, 1]", input: bytes)
            }
        }
    } catch {
        return      // a typed error (duplicate names in a hand-made model, for example) is an answer
    }
}

private func csvField(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

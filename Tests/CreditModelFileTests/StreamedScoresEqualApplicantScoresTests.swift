import CreditModelFile
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// The streamed scores file, byte for byte, is what scoring each row alone (`CreditModel.score(applicant:)`)
/// gives, on German credit repeated eight times with edits: levels not seen in training, blanks, quoted fields
/// (with a delimiter, a doubled quote, a line feed), missing tokens with spaces around them and spaces alone
/// (found from the interned bytes on repeats), CRLF line ends, text in a numeric column. The expectation
/// is built from the rows' values as the test wrote them, one row at a time, so it does not go through the
/// multi-row reader (byte-interned levels, a chunk cut in pieces at record ends) that the streamed run uses.
final class StreamedScoresEqualApplicantScoresTests: XCTestCase {
    /// German credit's rows × `copies`, edited, as field texts; the header first.
    static func rows(copies: Int) throws -> [[String]] {
        var options = CSVOptions()
        let header = try CSVStreamReader(path: StreamScoringTests.path).header
        for name in header { options.columnTypes[name] = .categorical }
        let table = try CSVReader.read(path: StreamScoringTests.path, options: options)
        let cells: [[String]] = table.columns.map { column in
            guard case .categorical(let c) = column else { preconditionFailure("read as text") }
            return (0..<table.rowCount).map { c[$0] ?? "" }
        }
        let purpose = header.firstIndex(of: "purpose")!, savings = header.firstIndex(of: "savings_account_and_bonds")!
        let duration = header.firstIndex(of: "duration_in_month")!, job = header.firstIndex(of: "job")!
        var rows = [header]
        for r in 0..<(copies * table.rowCount) {
            var row = cells.map { $0[r % table.rowCount] }
            if r % 97 == 0 { row[purpose] = "yacht" }                        // not seen in training
            if r % 41 == 0 { row[purpose] = "car, \"new\"\nmodel" }          // unseen, needs quotes, holds an LF
            if r % 89 == 0 { row[savings] = "" }                              // blank
            if r % 307 == 0 { row[purpose] = "NA" }                           // a missing token
            if r % 151 == 0 { row[savings] = " NA " }                         // a missing token with spaces
            if r % 173 == 0 { row[savings] = "   " }                          // spaces only: missing
            if r % 179 == 0 { row[savings] = row[savings] + " " }             // a trailing space: an unseen level
            if r % 211 == 0 { row[duration] = "abc" }                         // text in a numeric column
            if r % 13 == 0 { row[job] = row[job] + "\u{301}" }                // an unseen level, not ASCII
            rows.append(row)
        }
        return rows
    }

    /// `rows` as CSV: a field quoted when it must be, and every 53rd row's fields quoted anyway; CRLF after every
    /// third row. Returns the bytes and each data row's first physical line.
    static func csv(_ rows: [[String]]) -> (bytes: [UInt8], lines: [Int]) {
        var bytes: [UInt8] = [], lines: [Int] = [], line = 1
        for (r, row) in rows.enumerated() {
            if r > 0 { lines.append(line) }
            for (j, field) in row.enumerated() {
                if j > 0 { bytes.append(44) }
                let needs = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                if needs || (r > 0 && r % 53 == 0) {
                    bytes.append(34)
                    for b in field.utf8 { bytes.append(b); if b == 34 { bytes.append(34) } }
                    bytes.append(34)
                } else {
                    bytes += Array(field.utf8)
                }
                line += field.utf8.filter { $0 == 10 }.count
            }
            bytes += r % 3 == 0 ? [13, 10] : [10]
            line += 1
        }
        return (bytes, lines)
    }

    /// The first line where `a` and `b` differ, both shown.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = zip(x, y).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            return "\(x.count) lines vs \(y.count)"
        }
        return "line \(i + 1): streamed \(x[i]) | expected \(y[i])"
    }

    func testStreamedOutputEqualsEachRowScoredAlone() throws {
        let model = try StreamScoringTests.scorecardModel()
        let card = model.scorecard!
        let rows = try Self.rows(copies: 8)
        let (bytes, lines) = Self.csv(rows)
        let header = rows[0]
        let m = card.reasonsPerRow
        // Expected: header, then each scored row as the scores file writes it; the rejected rows in order.
        var expected = "row,purpose,pd,score," + card.characteristics.map { "points_\($0.name)" }.joined(separator: ",")
            + "," + (1...m).map { "reason_\($0)" }.joined(separator: ",") + "\n"
        var expectedRejects: [RejectedRow] = []
        var rejectedByReason: [String: Int] = [:]
        var unseenCount = 0
        for (r, row) in rows.dropFirst().enumerated() {
            let applicant = Dictionary(uniqueKeysWithValues: zip(header, row))
            switch try model.score(applicant: applicant) {
            case .scored(let s):
                // A kept cell holding a missing token is written empty.
                var purpose: [UInt8] = []
                let kept = applicant["purpose"]!
                CSVWriter.appendField(CSVOptions.defaultMissingTokens.contains(kept) ? "" : kept, delimiter: 44, csvSafe: true, to: &purpose)
                expected += "\(r + 1),\(String(decoding: purpose, as: UTF8.self)),\(s.probability.description),\(s.score!),"
                expected += s.points.map { String($0.points) }.joined(separator: ",") + ","
                expected += (0..<m).map { $0 < s.reasons.count ? s.reasons[$0].code : "" }.joined(separator: ",") + "\n"
                if applicant["purpose"] == "yacht" { unseenCount += 1 }
            case .rejected(let why):
                expectedRejects.append(RejectedRow(row: r + 1, line: lines[r], column: why.column, reason: why.reasonText,
                                                   detail: why.detail))
                rejectedByReason[why.reasonText, default: 0] += 1
            }
        }
        XCTAssertGreaterThan(unseenCount, 10)
        XCTAssertGreaterThan(expectedRejects.count, 10)
        for chunkBytes in [1 << 18, 1 << 20, StreamingScorer.defaultChunkBytes] {
            for threads in [1, 2] {
                let scorer = try StreamingScorer(model: model, bytes: bytes, source: "g8.csv",
                                                 layout: ScoreLayout(keepColumns: ["purpose"], points: true), chunkBytes: chunkBytes)
                let (text, rejects, summary) = try StreamingScorerTests.run(scorer, threads: threads)
                XCTAssertTrue(text == expected, "chunkBytes \(chunkBytes) threads \(threads): "
                              + Self.firstDifference(text, expected))
                XCTAssertEqual(rejects, expectedRejects, "chunkBytes \(chunkBytes) threads \(threads)")
                XCTAssertEqual(summary.rowsIn, rows.count - 1)
                XCTAssertEqual(summary.rejectedByReason, rejectedByReason)
            }
        }
    }
}

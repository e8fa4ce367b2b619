@testable import CreditBinning
import Foundation
import CreditTabular
import XCTest

/// The exact optimal binning refuses DP tables beyond `OptimalPartition.maximumTableBytes` (1 GB) before
/// allocating them, naming the characteristic, the fine classes and the bin limit.
final class FineClassLimitTests: XCTestCase {
    func testTableBytes() {
        XCTAssertEqual(OptimalPartition.tableBytes(preBins: 100, trend: .ascending, maxBins: .max), 101 * 101 * 12)
        XCTAssertEqual(OptimalPartition.tableBytes(preBins: 100, trend: .ascending, maxBins: 10), 10 * 101 * 101 * 12)
        XCTAssertEqual(OptimalPartition.tableBytes(preBins: 100, trend: .peak, maxBins: 10), 2 * 10 * 101 * 101 * 12)
        XCTAssertEqual(OptimalPartition.tableBytes(preBins: 100, trend: .ascending, maxBins: 100), 101 * 101 * 12)
    }

    func testTablesBeyondTheLimitAreRefused() throws {
        // 1,001 distinct values with 1 bad in 3: every value its own fine class.
        let n = 1_001
        let column = Column.numeric((0..<n).map(Double.init))
        let flags = (0..<n).map { Int8($0 % 3 == 0 ? 1 : 0) }
        var o = BinningOptions()
        o.preBins = 10_000; o.maxBins = 1_000; o.minBinShare = 0.0001
        XCTAssertThrowsError(try Binner.bin(name: "x", column: column, flags: flags, options: o)) { error in
            let bytes = 1_000.0 * 1_002 * 1_002 * 12
            XCTAssertEqual(error as? BinningError, .tooManyFineClasses(characteristic: "x", fineClasses: 1_001, bins: 1_000, bytes: bytes, limit: 1e9))
            XCTAssertEqual("\(error)", "x: the exact optimal binning of 1001 fine classes into at most 1000 bins would need 12048 MB of tables (limit 1000 MB); use fewer pre-bins (BinningOptions.preBins), a maximum bin count of at least 1001, or another method")
        }
        // Without a bin limit the tables are 1,002² × 12 bytes = 12 MB: it runs.
        o.maxBins = nil
        XCTAssertNoThrow(try Binner.bin(name: "x", column: column, flags: flags, options: o))
        // Other methods have no such tables.
        o.maxBins = 1_000; o.method = .chimerge
        XCTAssertNoThrow(try Binner.bin(name: "x", column: column, flags: flags, options: o))
    }
}

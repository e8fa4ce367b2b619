import CreditMetrics
import CreditMonitoring
import Foundation
import TestSupport
import XCTest

/// `MasterScale.read(path:)`: one row per grade, safest first, the last grade's upper bound empty or 1.
final class MasterScaleFileTests: XCTestCase {
    func read(_ text: String) throws -> MasterScale {
        let path = PackagePaths.temporaryDirectory().appendingPathComponent("scale.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try MasterScale.read(path: path)
    }

    func testGradesAndBounds() throws {
        for last in ["", "1"] {
            let scale = try read("grade,upper_pd\nA,0.01\nB,0.05\nC,\(last)\n")
            XCTAssertEqual(scale.names, ["A", "B", "C"])
            XCTAssertEqual(scale.bounds, [0.01, 0.05])
            XCTAssertEqual(scale.grade(of: 0.03), 1)
        }
    }

    func testErrors() throws {
        func error(_ text: String) -> MasterScaleFileError? {
            do { _ = try read(text); return nil } catch { return error as? MasterScaleFileError }
        }
        guard case .missingBound? = error("grade,upper_pd\nA,\nB,0.3\nC,\n") else { return XCTFail("missing bound") }
        guard case .invalidScale(_, .invalidParameter)? = error("grade,upper_pd\nA,0.3\nB,0.1\nC,1\n") else { return XCTFail("decreasing") }
        guard case .invalidScale? = error("grade,upper_pd\nA,0.1\nA,0.3\nC,1\n") else { return XCTFail("repeated name") }
    }
}

import Foundation
import CreditMonitoring
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import TestSupport
import XCTest

/// Small hand-made cases of `Monitor.run`: traffic lights from thresholds, a recent sample with one class.
final class MonitorUnitTests: XCTestCase {
    func testThresholds() {
        let t = MonitorThresholds()
        XCTAssertEqual(t.forIndex(0.099, amber: t.psiAmber, red: t.psiRed), .green)
        XCTAssertEqual(t.forIndex(0.1, amber: t.psiAmber, red: t.psiRed), .amber)
        XCTAssertEqual(t.forIndex(0.25, amber: t.psiAmber, red: t.psiRed), .red)
        XCTAssertEqual(t.forPValue(0.05), .green)
        XCTAssertEqual(t.forPValue(0.049), .amber)
        XCTAssertEqual(t.forPValue(0.0099), .red)
        XCTAssertEqual(t.forPValue(.nan), .green)
        XCTAssertLessThan(TrafficLight.green, .amber)
        XCTAssertLessThan(TrafficLight.amber, .red)
    }

    func testRecentWithOneClassSkipsDiscriminationButTestsCalibration() throws {
        var csv = "x,g,y\n"
        for i in 0..<200 { csv += "\(Double(i % 20)),\(["a", "b"][i % 2]),\(i % 20 >= 15 || i % 7 == 0 ? 1 : 0)\n" }
        let base = try CSVReader.read(bytes: Array(csv.utf8), source: "base")
        var recentCSV = "x,g,y\n"
        for i in 0..<100 { recentCSV += "\(Double(i % 20)),\(["a", "b", "c"][i % 3]),1\n" }
        let recent = try CSVReader.read(bytes: Array(recentCSV.utf8), source: "recent")
        let design = try Design.build(from: base, options: DesignOptions(target: "y"))
        let fit = try LogisticRegression().fit(design)
        let model = CreditModel(target: TargetSpec(column: "y", bad: "1"), schema: design.coding, fit: fit,
                                training: TrainingRecord(inputFile: "", inputSHA256: "", rows: 200, rowsUsed: 200, bads: fit.events,
                                                         toolVersion: "", commandLine: [], seed: nil, date: ""))
        // Level "c" is unseen: the model rejects those rows; the CSI counts them in a band of their own.
        let r = try Monitor.run(model: model, base: base, recent: recent, target: model.target)
        XCTAssertNil(r.discrimination)
        XCTAssertEqual(r.recent.scored, 67)
        XCTAssertEqual(r.calibration!.recentDefaultRate, 1)
        // Every recent row defaulted: each grade whose PD is well below 1 is red.
        let clear = r.calibration!.grades.filter { pow($0.test.probability, Double($0.test.rows)) < 1e-3 }
        XCTAssertFalse(clear.isEmpty)
        for g in clear { XCTAssertEqual(g.status, .red, "\(g.test)") }
        let g = r.characteristics.first { $0.name == "g" }!
        XCTAssertEqual(g.index.bands.map(\.label), ["a", "b", "c", "missing"])
        XCTAssertEqual(g.index.bands.map(\.recentCount), [34, 33, 33, 0])
        XCTAssertEqual(g.indexStatus, .red)
    }
}

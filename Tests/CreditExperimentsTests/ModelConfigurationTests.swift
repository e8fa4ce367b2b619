import CreditExperiments
import XCTest

/// `ModelConfiguration.choosesLambdaByInnerCV`: only a penalised configuration without `:λ` tunes λ.
final class ModelConfigurationTests: XCTestCase {
    func testWhichConfigurationsChooseLambdaByInnerCV() throws {
        let expected = ["lr": false, "firth": false, "scorecard": false, "ridge": true, "lasso": true, "elastic-net": true,
                        "ridge:0": false, "lasso:0.01": false, "elastic-net:1": false]
        for (spec, tunes) in expected {
            XCTAssertEqual(try ModelConfiguration(parsing: spec).choosesLambdaByInnerCV, tunes, spec)
        }
    }
}

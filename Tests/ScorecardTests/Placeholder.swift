import XCTest
final class ScorecardPlaceholderTests: XCTestCase { func testPlaceholder() {} }

import XCTest
final class ProbabilityPlaceholderTests: XCTestCase { func testPlaceholder() {} }

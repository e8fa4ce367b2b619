import XCTest
final class RegressionPlaceholderTests: XCTestCase { func testPlaceholder() {} }

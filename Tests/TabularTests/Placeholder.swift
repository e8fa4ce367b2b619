import XCTest
final class TabularPlaceholderTests: XCTestCase { func testPlaceholder() {} }

import XCTest
final class LinearAlgebraPlaceholderTests: XCTestCase { func testPlaceholder() {} }

/// Terminal display width of text, so tables with Chinese, Japanese or Korean names line up.
///
/// Each grapheme cluster counts as the widest of its scalars: East Asian Wide and Fullwidth characters
/// (Unicode 15 ranges, UAX #11) and emoji count 2, combining marks, zero-width joiners and controls count 0,
/// everything else 1.
package func displayWidth(_ text: String) -> Int {
    var width = 0
    for character in text {
        var widest = 0
        for scalar in character.unicodeScalars { widest = max(widest, scalarWidth(scalar)) }
        width += widest
    }
    return width
}

private func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v < 0x300 { return 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if v == 0x200B || v == 0x200D { return 0 }
    if (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v) || (0x2329...0x232A).contains(v)
        || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
        || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v) || (0xA960...0xA97F).contains(v)
        || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v)
        || (0xFE30...0xFE6F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
        || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) || (0x1FA70...0x1FAFF).contains(v)
        || (0x20000...0x2FFFD).contains(v) || (0x30000...0x3FFFD).contains(v) {
        return 2
    }
    return 1
}

extension String {
    /// Pads with spaces to `width` display columns (see `displayWidth`).
    func padded(to width: Int, alignRight: Bool) -> String {
        let pad = max(0, width - displayWidth(self))
        let spaces = String(repeating: " ", count: pad)
        return alignRight ? spaces + self : self + spaces
    }
}

/// The first line of every `--format latex` output: a comment stating the preamble the tables need, so the
/// output compiles when pasted into (or `\input` from) a document whose preamble has these lines. The
/// tables use booktabs rules; every other character is escaped to plain LaTeX (`latexEscape(_:)`), so nothing
/// else is needed (pdflatex's default UTF-8 input covers the accented letters of names).
let latexPreambleComment = "% preamble: \\usepackage{booktabs}\n"

/// LaTeX output for papers: a `table` with a booktabs `tabular` (needs `\usepackage{booktabs}`).
///
/// Callers escape their text cells with `latexEscape(_:)`; cells that are still not plain LaTeX after that
/// (a number with a minus, a label with a Unicode sign a caller did not escape) are made so here: ASCII
/// minus signs of numbers are typeset as math minus, Unicode math signs go into math mode. Both steps leave
/// already escaped text unchanged.
func latexTable(_ t: TextTable, caption: String) -> String {
    let spec = t.columns.map { $0.alignRight ? "r" : "l" }.joined()
    var out = "\\begin{table}[ht]\n\\centering\n\\caption{\(latexEscape(caption))}\n\\begin{tabular}{\(spec)}\n\\toprule\n"
    out += t.columns.map { latexEscape($0.title) }.joined(separator: " & ") + " \\\\\n\\midrule\n"
    for row in t.rows {
        var cells = row.map(latexCell)
        // A row that starts with "[" would be read as the optional length of the previous row's `\\`.
        if cells.first?.hasPrefix("[") == true { cells[0] = "{}" + cells[0] }
        out += cells.joined(separator: " & ") + " \\\\\n"
    }
    return out + "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
}

/// A table cell as plain LaTeX: Unicode signs in math mode (`latexMathUnicode(_:)`), and a numeric cell's
/// minus signs ("-0.0123", "[-0.1, 0.2]") as math minus instead of a hyphen.
func latexCell(_ cell: String) -> String {
    let s = latexMathUnicode(cell)
    let numeric = !s.isEmpty && s.allSatisfy { "0123456789.,-+e []<>%".contains($0) } && s.contains(where: \.isNumber)
    guard numeric, s.contains("-") else { return s }
    // A minus that starts a number becomes $-$; "1e-05" keeps its exponent's minus, "0.6--0.8" its en dash.
    let chars = Array(s)
    var out = ""
    for (k, ch) in chars.enumerated() {
        let starts = (k == 0 || " [(".contains(chars[k - 1])) && k + 1 < chars.count && chars[k + 1].isNumber
        if ch == "-" && starts { out += "$-$" } else { out.append(ch) }
    }
    return out
}

/// Math-mode spellings of the Unicode signs and letters in our labels and notes.
private let latexMathSymbols: [Character: String] = [
    "−": "-", "≤": "\\le", "≥": "\\ge", "≠": "\\neq", "≈": "\\approx", "·": "\\cdot", "×": "\\times", "±": "\\pm",
    "√": "\\surd", "∞": "\\infty", "→": "\\to", "∑": "\\sum", "²": "^2", "³": "^3", "½": "\\frac{1}{2}",
    "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "δ": "\\delta", "ε": "\\varepsilon", "θ": "\\theta", "λ": "\\lambda",
    "μ": "\\mu", "π": "\\pi", "ρ": "\\rho", "σ": "\\sigma", "τ": "\\tau", "φ": "\\phi", "χ": "\\chi", "ω": "\\omega",
    "ψ": "\\psi", "Δ": "\\Delta", "Σ": "\\Sigma", "Φ": "\\Phi", "Ω": "\\Omega", "ȳ": "\\bar{y}", "p̄": "\\bar{p}",
    "∫": "\\int", "⌊": "\\lfloor", "⌋": "\\rfloor", "⌈": "\\lceil", "⌉": "\\rceil", "⇔": "\\Leftrightarrow",
    "↔": "\\leftrightarrow", "′": "'", "°": "^\\circ", "¹": "^1", "₀": "_0", "₁": "_1", "₂": "_2", "ₖ": "_k", "ᵢ": "_i",
    "ⱼ": "_j", "ₙ": "_n",
]

/// Whole phrases of our notes that read as one formula, typeset as one (longest first where they overlap).
private let latexMathPhrases: [(String, String)] = [
    ("Σ n_k/N·|ȳ_k − p̄_k|", "\\sum_k n_k/N \\cdot |\\bar{y}_k - \\bar{p}_k|"),
    ("y ~ a + b·logit(p)", "y \\sim a + b \\cdot \\mathrm{logit}(p)"),
    ("χ²_F", "\\chi^2_F"),
    ("π_bad/π_good", "\\pi_\\mathrm{bad}/\\pi_\\mathrm{good}"),
    ("⁻¹", "^{-1}"),
]

/// Text-mode spellings of the typographic characters that are not math.
private let latexTextSymbols: [Character: String] = [
    "–": "--", "—": "---", "…": "\\ldots{}", "§": "\\S{}", "─": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u{00A0}": "~",
]

/// Escapes LaTeX's special characters and spells the Unicode math signs our labels use in math mode.
///
/// Adjacent math signs share one math group ("χ²" is `$\chi^2$`, not `$\chi$$^2$`); a minus sign that starts
/// a number is a math minus; `<`, `>` and `|` are spelled as text symbols (the default OT1 font encoding would
/// print them as other glyphs).
func latexEscape(_ s: String) -> String {
    var out = "", inMath = false
    func text(_ t: String) {
        if inMath { out += "$"; inMath = false }
        out += t
    }
    func math(_ m: String) {
        if !inMath { out += "$"; inMath = true } else if out.last?.isLetter == true && m.first?.isLetter == true { out += " " }
        out += m
    }
    var rest = Substring(s)
    scan: while let ch = rest.first {
        for (phrase, formula) in latexMathPhrases where rest.hasPrefix(phrase) {
            math(formula)
            rest = rest.dropFirst(phrase.count)
            continue scan
        }
        rest = rest.dropFirst()
        // A minus that starts a number ("-0.0003", not "2.2e-16" or "a-1") is a math minus.
        if ch == "-", rest.first?.isNumber == true, !(out.last.map { $0.isLetter || $0.isNumber || $0 == "." } ?? false) {
            math("-")
            continue
        }
        switch ch {
        case "\\": text("\\textbackslash{}")
        case "&", "%", "$", "#", "_", "{", "}": text("\\\(ch)")
        case "~": text("\\textasciitilde{}")
        case "^": text("\\textasciicircum{}")
        case "<": text("\\textless{}")
        case ">": text("\\textgreater{}")
        case "|": text("\\textbar{}")
        default:
            if let m = latexMathSymbols[ch] { math(m) } else if let t = latexTextSymbols[ch] { text(t) } else { text(String(ch)) }
        }
    }
    if inMath { out += "$" }
    return out
}

/// `s` with only its Unicode math signs put into math mode (`latexMathSymbols`), for text that is otherwise
/// already LaTeX: it leaves escaped text unchanged, so applying it twice is harmless.
func latexMathUnicode(_ s: String) -> String {
    guard s.contains(where: { latexMathSymbols[$0] != nil || latexTextSymbols[$0] != nil }) else { return s }
    var out = "", inMath = false
    for ch in s {
        if let m = latexMathSymbols[ch] {
            if !inMath { out += "$"; inMath = true } else if out.last?.isLetter == true && m.first?.isLetter == true { out += " " }
            out += m
        } else {
            if inMath { out += "$"; inMath = false }
            if let t = latexTextSymbols[ch] { out += t } else { out.append(ch) }
        }
    }
    if inMath { out += "$" }
    return out
}

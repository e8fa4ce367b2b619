/// LaTeX output for papers: a `table` with a booktabs `tabular` (needs `\usepackage{booktabs}`).
func latexTable(_ t: TextTable, caption: String) -> String {
    let spec = t.columns.map { $0.alignRight ? "r" : "l" }.joined()
    var out = "\\begin{table}[ht]\n\\centering\n\\caption{\(latexEscape(caption))}\n\\begin{tabular}{\(spec)}\n\\toprule\n"
    out += t.columns.map { latexEscape($0.title) }.joined(separator: " & ") + " \\\\\n\\midrule\n"
    for row in t.rows { out += row.joined(separator: " & ") + " \\\\\n" }
    return out + "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
}

/// Escapes LaTeX's special characters and spells the Unicode math signs our labels use.
func latexEscape(_ s: String) -> String {
    var out = ""
    for ch in s {
        switch ch {
        case "\\": out += "\\textbackslash{}"
        case "&", "%", "$", "#", "_", "{", "}": out += "\\\(ch)"
        case "~": out += "\\textasciitilde{}"
        case "^": out += "\\textasciicircum{}"
        case "−": out += "$-$"
        case "≤": out += "$\\le$"
        case "≥": out += "$\\ge$"
        case "·": out += "$\\cdot$"
        case "χ": out += "$\\chi$"
        case "²": out += "$^2$"
        case "Δ": out += "$\\Delta$"
        case "Σ": out += "$\\Sigma$"
        case "ε": out += "$\\varepsilon$"
        case "π": out += "$\\pi$"
        case "½": out += "$\\frac{1}{2}$"
        case "–": out += "--"
        case "→": out += "$\\to$"
        case "ȳ": out += "$\\bar{y}$"
        case "p̄": out += "$\\bar{p}$"
        default: out.append(ch)
        }
    }
    return out
}

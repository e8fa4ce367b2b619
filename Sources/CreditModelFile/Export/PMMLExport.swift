import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditSupport
/// Writes a model as a PMML 4.4 document.
///
/// Scorecards become a `Scorecard` model (`functionName="regression"`, `initialScore="0"`): one `Characteristic`
/// per characteristic, one `Attribute` per bin with its points as `partialScore`, tried in the native scorer's
/// order (missing first via `isMissing`, special codes, then `lessThan` cut points or the levels of each group;
/// the last `Attribute` is `True` and takes unseen levels to the "other" or riskiest bin, and is absent under the
/// `reject` policy, so an unseen level is an evaluation error). Reason codes: `useReasonCodes="true"`,
/// `reasonCodeAlgorithm="pointsBelow"`, each `Characteristic`'s `baselineScore` is the model's reference points less
/// a tiny ε (see `baselineShift`; `baselineMethod` `max`, `mean` or `other` for the cut-off reference), and each
/// characteristic has its own reason code, so ranking by baselineScore − partialScore > 0, largest first, ties to
/// the first characteristic (JPMML's stable order), is the native ranking.
///
/// PD and the points per characteristic are `OutputField`s computed from `DerivedField`s (bin → β·WoE, summed in
/// the native order), since a PMML scorecard's score is the rounded points and the PD comes from the unrounded
/// log-odds. Plain logistic regression becomes a `RegressionModel` with `normalizationMethod="logit"`.
///
/// Every name and value is XML-escaped; newlines, tabs and carriage returns in attribute values are written as
/// character references, so XML attribute normalisation cannot turn them into spaces.
public struct PMMLExport: Sendable {
    public init() {}

    public func pmml(for model: CreditModel) throws -> String {
        var x = XMLWriter()
        x.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        x.open("PMML", ["xmlns": "http://www.dmg.org/PMML-4_4", "version": "4.4"])
        x.open("Header", ["description": "credit \(model.model) model of \(model.target.column) (bad = \(model.target.bad))"])
        x.empty("Application", ["name": "credit", "version": ToolVersion.current])
        x.close("Header")
        if let card = model.scorecard { try scorecard(card, model: model, &x) } else { try regression(model, &x) }
        x.close("PMML")
        return x.text
    }

    // MARK: Scorecard

    private func scorecard(_ card: ScorecardSection, model: CreditModel, _ x: inout XMLWriter) throws {
        let chars = card.characteristics
        for ch in chars { try checkXMLRepresentable(ch.name, what: "column") }
        let inputNames = Set(chars.map(\.name))
        let outputs = ["pd", "score"] + chars.map { "points_\($0.name)" } + (0..<card.reasonsPerRow).map { "reason_\($0 + 1)" }
        let derived = chars.indices.map { "credit:bin:\($0 + 1)" } + chars.indices.map { "credit:eta:\($0 + 1)" } + ["credit:eta"]
        var seen = inputNames
        for name in outputs + derived where !seen.insert(name).inserted {
            throw ExportError.nameClash("the PMML field \(name.debugDescription) would clash with an input column of the same name; rename the column")
        }

        // PMML adds up the points of characteristics that share a reason code; the native scorer ranks each
        // characteristic on its own. Refuse rather than export reasons that would differ.
        var codeOwners: [String: [String]] = [:]
        for j in chars.indices {
            for code in Set((0..<chars[j].bins.binCount).map { card.reasonCode(j, bin: $0).code }).sorted() {
                codeOwners[code, default: []].append(chars[j].name)
            }
        }
        if let shared = codeOwners.first(where: { $0.value.count > 1 }) {
            throw ExportError.unrepresentable("reason code \(shared.key.debugDescription) is shared by \(shared.value.joined(separator: ", ")); PMML would add their points into one reason while credit ranks each characteristic, so the reasons would differ — give each characteristic its own code")
        }
        x.open("DataDictionary", ["numberOfFields": "\(chars.count)"])
        for ch in chars {
            let numeric = ch.bins.type == .numeric
            x.empty("DataField", ["name": ch.name, "optype": numeric ? "continuous" : "categorical", "dataType": numeric ? "double" : "string"])
        }
        x.close("DataDictionary")

        // Bins, β·WoE per characteristic and the log-odds, for the PD and points outputs.
        x.open("TransformationDictionary")
        for (j, ch) in chars.enumerated() {
            x.open("DerivedField", ["name": "credit:bin:\(j + 1)", "optype": "categorical", "dataType": "integer"])
            try binExpression(card.binTests(j)[...], field: ch.name, &x)
            x.close("DerivedField")
        }
        for j in chars.indices {
            x.open("DerivedField", ["name": "credit:eta:\(j + 1)", "optype": "continuous", "dataType": "double"])
            try lookup(field: "credit:bin:\(j + 1)", values: card.logOddsContributions(j).map(ExportNumber.plain), dataType: "double", &x)
            x.close("DerivedField")
        }
        x.open("DerivedField", ["name": "credit:eta", "optype": "continuous", "dataType": "double"])
        // ((a + e1) + e2) + …: the native order of summation.
        var sum = [try constant(ExportNumber.plain(card.intercept), "double")]
        for j in chars.indices { sum = ["<Apply function=\"+\">"] + sum + ["<FieldRef field=\"\(XMLWriter.escape("credit:eta:\(j + 1)"))\"/>", "</Apply>"] }
        for line in sum { x.line(line) }
        x.close("DerivedField")
        x.close("TransformationDictionary")

        let method: String
        switch card.reasons.reference { case .maximum: method = "max"; case .average: method = "mean"; case .cutoff: method = "other" }
        x.open("Scorecard", ["modelName": "credit-scorecard", "functionName": "regression", "initialScore": "0",
                             "useReasonCodes": "true", "reasonCodeAlgorithm": "pointsBelow", "baselineMethod": method])
        x.open("MiningSchema")
        for ch in chars {
            // Missing values pass through to the isMissing attribute; unseen levels pass as-is to the
            // attributes (the True attribute or, under `reject`, no attribute: an evaluation error).
            x.empty("MiningField", ["name": ch.name, "usageType": "active", "invalidValueTreatment": "asIs"])
        }
        x.close("MiningSchema")

        x.open("Output")
        x.empty("OutputField", ["name": "score", "optype": "continuous", "dataType": "double", "feature": "predictedValue"])
        x.open("OutputField", ["name": "pd", "optype": "continuous", "dataType": "double", "feature": "transformedValue"])
        // η ≥ 0: 1/(1 + e^−η); otherwise e^η/(1 + e^η), as natively.
        let eta = "<FieldRef field=\"credit:eta\"/>"
        for line in [
            "<Apply function=\"if\">",
            "<Apply function=\"greaterOrEqual\">", eta, "<Constant dataType=\"double\">0</Constant>", "</Apply>",
            "<Apply function=\"/\"><Constant dataType=\"double\">1</Constant><Apply function=\"+\"><Constant dataType=\"double\">1</Constant><Apply function=\"exp\"><Apply function=\"*\"><Constant dataType=\"double\">-1</Constant>\(eta)</Apply></Apply></Apply></Apply>",
            "<Apply function=\"/\"><Apply function=\"exp\">\(eta)</Apply><Apply function=\"+\"><Constant dataType=\"double\">1</Constant><Apply function=\"exp\">\(eta)</Apply></Apply></Apply>",
            "</Apply>",
        ] { x.line(line) }
        x.close("OutputField")
        for (j, ch) in chars.enumerated() {
            x.open("OutputField", ["name": "points_\(ch.name)", "optype": "continuous", "dataType": "integer", "feature": "transformedValue"])
            try lookup(field: "credit:bin:\(j + 1)", values: card.scoredPoints(j).map(String.init), dataType: "integer", &x)
            x.close("OutputField")
        }
        for r in 0..<card.reasonsPerRow {
            x.empty("OutputField", ["name": "reason_\(r + 1)", "optype": "categorical", "dataType": "string", "feature": "reasonCode", "rank": "\(r + 1)"])
        }
        x.close("Output")

        x.open("Characteristics")
        let epsilon = Self.baselineShift(card)
        for (j, ch) in chars.enumerated() {
            let code = card.reasonCode(j).code
            try checkXMLRepresentable(code, what: "reason code")
            x.open("Characteristic", ["name": "credit:characteristic:\(j + 1)", "reasonCode": code,
                                      "baselineScore": try ExportNumber.plain(card.reasons.referencePoints[j] - epsilon)])
            let points = card.scoredPoints(j)
            for (test, bin) in card.binTests(j) {
                guard let bin else { continue }  // reject: no attribute matches an unseen level (or a rejected missing value)
                // A bin with its own reason code overrides the characteristic's (PMML Attribute@reasonCode).
                let binCode = card.reasonCode(j, bin: bin).code
                try checkXMLRepresentable(binCode, what: "reason code")
                if binCode == code { x.open("Attribute", ["partialScore": "\(points[bin])"]) }
                else { x.open("Attribute", ["reasonCode": binCode, "partialScore": "\(points[bin])"]) }
                try predicate(test, field: ch.name, &x)
                x.close("Attribute")
            }
            x.close("Characteristic")
        }
        x.close("Characteristics")
        x.close("Scorecard")
    }

    /// How far below the reference each `baselineScore` is written: 2⁻²⁰ points, halved while some bin falls
    /// short of its reference by no more than twice that.
    ///
    /// JPMML (and the PMML spec's `pointsBelow`) rank every characteristic whose baselineScore − partialScore is
    /// ≥ 0, so a bin at its reference would be a reason; the native scorer takes only shortfalls > 0. Lowering
    /// every baseline by the same tiny ε makes a zero shortfall negative and leaves the others' order and ties
    /// intact (exactly so for integer references, as `maximum` gives).
    static func baselineShift(_ card: ScorecardSection) -> Double {
        let positive = card.characteristics.indices.flatMap { card.shortfalls($0) }.filter { $0 > 0 }
        var epsilon = 0x1p-20
        while let smallest = positive.min(), smallest <= 2 * epsilon, epsilon > 0x1p-40 { epsilon /= 2 }
        return epsilon
    }

    private func constant(_ value: String, _ type: String) -> String {
        "<Constant dataType=\"\(type)\">\(XMLWriter.escape(value))</Constant>"
    }

    /// Nested `if` over the bin tests; a rejected row (unseen level under `reject`) gives a missing value.
    private func binExpression(_ tests: ArraySlice<(test: BinRule.Test, bin: Int?)>, field: String, _ x: inout XMLWriter) throws {
        guard let (test, bin) = tests.first else { x.line("<Constant dataType=\"integer\" missing=\"true\"/>"); return }
        let value = bin.map { constant("\($0)", "integer") } ?? "<Constant dataType=\"integer\" missing=\"true\"/>"
        if test == .always { x.line(value); return }
        x.line("<Apply function=\"if\">")
        try condition(test, field: field, &x)
        x.line(value)
        try binExpression(tests.dropFirst(), field: field, &x)
        x.line("</Apply>")
    }

    private func condition(_ test: BinRule.Test, field: String, _ x: inout XMLWriter) throws {
        let ref = "<FieldRef field=\"\(XMLWriter.escape(field))\"/>"
        switch test {
        case .isMissing: x.line("<Apply function=\"isMissing\">\(ref)</Apply>")
        case .equals(let v): x.line("<Apply function=\"equal\">\(ref)\(constant(try ExportNumber.plain(v), "double"))</Apply>")
        case .lessThan(let v): x.line("<Apply function=\"lessThan\">\(ref)\(constant(try ExportNumber.plain(v), "double"))</Apply>")
        case .inLevels(let levels):
            for l in levels { try checkXMLRepresentable(l, what: "category") }
            let equals = levels.map { "<Apply function=\"equal\">\(ref)\(constant($0, "string"))</Apply>" }
            if equals.count == 1 { x.line(equals[0]) } else {
                // Binary `or`s, so the document is valid where `or` takes exactly two arguments.
                var expr = equals[0]
                for e in equals.dropFirst() { expr = "<Apply function=\"or\">\(expr)\(e)</Apply>" }
                x.line(expr)
            }
        case .always: x.line("<Constant dataType=\"boolean\">true</Constant>")
        }
    }

    private func predicate(_ test: BinRule.Test, field: String, _ x: inout XMLWriter) throws {
        switch test {
        case .isMissing: x.empty("SimplePredicate", ["field": field, "operator": "isMissing"])
        case .equals(let v): x.empty("SimplePredicate", ["field": field, "operator": "equal", "value": try ExportNumber.plain(v)])
        case .lessThan(let v): x.empty("SimplePredicate", ["field": field, "operator": "lessThan", "value": try ExportNumber.plain(v)])
        case .inLevels(let levels):
            if levels.count == 1 { x.empty("SimplePredicate", ["field": field, "operator": "equal", "value": levels[0]]); return }
            x.open("CompoundPredicate", ["booleanOperator": "or"])
            for l in levels { x.empty("SimplePredicate", ["field": field, "operator": "equal", "value": l]) }
            x.close("CompoundPredicate")
        case .always: x.empty("True", [:])
        }
    }

    /// `values[bin]` of an integer field, as nested `if`s (missing bin → missing value).
    private func lookup(field: String, values: [String], dataType: String, _ x: inout XMLWriter) throws {
        let ref = "<FieldRef field=\"\(XMLWriter.escape(field))\"/>"
        var expr = "<Constant dataType=\"\(dataType)\" missing=\"true\"/>"
        for (b, v) in values.enumerated().reversed() {
            expr = "<Apply function=\"if\"><Apply function=\"equal\">\(ref)\(constant("\(b)", "integer"))</Apply>\(constant(v, dataType))\(expr)</Apply>"
        }
        x.line(expr)
    }

    // MARK: Logistic regression

    private func regression(_ model: CreditModel, _ x: inout XMLWriter) throws {
        let target = model.target
        let good = target.bad == "0" ? "1" : target.bad == "1" ? "0" : "not \(target.bad)"
        var beta: [String: Double] = [:]
        for (t, b) in zip(model.schema.terms, model.fit.coefficients) { beta[t.name] = b }
        for p in model.schema.predictors where p.name == target.column || p.name == "pd" {
            throw ExportError.nameClash("the PMML field \(p.name.debugDescription) would clash with an input column of the same name; rename the column")
        }
        x.open("DataDictionary", ["numberOfFields": "\(model.schema.predictors.count + 1)"])
        for p in model.schema.predictors {
            try checkXMLRepresentable(p.name, what: "column")
            switch p.kind {
            case .numeric:
                x.empty("DataField", ["name": p.name, "optype": "continuous", "dataType": "double"])
            case .categorical(let levels, _):
                // Training levels are the valid values: an unseen level is invalid and (returnInvalid) an
                // evaluation error, the native scorer's rejection.
                x.open("DataField", ["name": p.name, "optype": "categorical", "dataType": "string"])
                for l in levels { try checkXMLRepresentable(l, what: "category"); x.empty("Value", ["value": l]) }
                x.close("DataField")
            }
        }
        x.open("DataField", ["name": target.column, "optype": "categorical", "dataType": "string"])
        x.empty("Value", ["value": target.bad]); x.empty("Value", ["value": good])
        x.close("DataField")
        x.close("DataDictionary")
        try missingCodings(model, beta: beta, &x)
        x.open("RegressionModel", ["modelName": "credit-logistic-regression", "functionName": "classification", "normalizationMethod": "logit"])
        x.open("MiningSchema")
        for p in model.schema.predictors {
            x.empty("MiningField", ["name": p.name, "usageType": "active", "invalidValueTreatment": "returnInvalid"])
        }
        x.empty("MiningField", ["name": target.column, "usageType": "target"])
        x.close("MiningSchema")
        x.open("Output")
        x.empty("OutputField", ["name": "pd", "optype": "continuous", "dataType": "double", "feature": "probability", "value": target.bad])
        x.close("Output")
        let intercept = model.schema.intercept ? model.fit.coefficients[0] : 0
        x.open("RegressionTable", ["targetCategory": target.bad, "intercept": try ExportNumber.plain(intercept)])
        for p in model.schema.predictors {
            if p.missing != nil {
                // Terms from the derived fields of the missing coding (`missingCodings`), in term order.
                for (field, term) in Self.missingCodingFields(p) {
                    x.empty("NumericPredictor", ["name": field, "coefficient": try ExportNumber.plain(beta[term]!)])
                }
                continue
            }
            switch p.kind {
            case .numeric:
                x.empty("NumericPredictor", ["name": p.name, "coefficient": try ExportNumber.plain(beta[p.name]!)])
            case .categorical(let levels, let reference):
                for l in levels where l != reference {
                    x.empty("CategoricalPredictor", ["name": p.name, "value": l, "coefficient": try ExportNumber.plain(beta["\(p.name)=\(l)"]!)])
                }
            }
        }
        x.close("RegressionTable")
        x.empty("RegressionTable", ["targetCategory": good, "intercept": "0"])
        x.close("RegressionModel")
    }
}

extension PMMLExport {
    /// The derived fields of a predictor with a missing coding and the term each stands for, in term order:
    /// numeric `credit:fill:NAME` (the value, or the fill when missing) and `credit:missing:NAME` (1 when
    /// missing); categorical `credit:level:NAME=LEVEL` per non-reference level (1 when the value is that level;
    /// 0 when missing) and `credit:missing:NAME` (when it has its own missing term).
    static func missingCodingFields(_ p: Predictor) -> [(field: String, term: String)] {
        var out: [(field: String, term: String)] = []
        switch p.kind {
        case .numeric: out.append(("credit:fill:\(p.name)", p.name))
        case .categorical(let levels, let reference):
            for l in levels where l != reference { out.append(("credit:level:\(p.name)=\(l)", "\(p.name)=\(l)")) }
        }
        if p.hasMissingTerm { out.append(("credit:missing:\(p.name)", p.missingTermName)) }
        return out
    }

    /// The `TransformationDictionary` of the predictors with a missing coding (nothing when none has one). A
    /// missing input reaches the derived fields as missing (the mining field's default `asIs`) and `isMissing`
    /// tests it; an unseen level is still invalid at the mining field (`returnInvalid`), as without the coding.
    fileprivate func missingCodings(_ model: CreditModel, beta: [String: Double], _ x: inout XMLWriter) throws {
        let coded = model.schema.predictors.filter { $0.missing != nil }
        guard !coded.isEmpty else { return }
        var seen = Set(model.schema.predictors.map(\.name) + [model.target.column, "pd"])
        for p in coded {
            for (field, _) in Self.missingCodingFields(p) where !seen.insert(field).inserted {
                throw ExportError.nameClash("the PMML field \(field.debugDescription) would clash with an input column of the same name; rename the column")
            }
        }
        func constant(_ v: String, _ type: String) -> String { "<Constant dataType=\"\(type)\">\(XMLWriter.escape(v))</Constant>" }
        x.open("TransformationDictionary")
        for p in coded {
            let ref = "<FieldRef field=\"\(XMLWriter.escape(p.name))\"/>"
            let isMissing = "<Apply function=\"isMissing\">\(ref)</Apply>"
            for (field, term) in Self.missingCodingFields(p) {
                x.open("DerivedField", ["name": field, "optype": "continuous", "dataType": "double"])
                if term == p.missingTermName {
                    x.line("<Apply function=\"if\">\(isMissing)\(constant("1", "double"))\(constant("0", "double"))</Apply>")
                } else if case .numeric = p.kind {
                    x.line("<Apply function=\"if\">\(isMissing)\(constant(try ExportNumber.plain(p.missing!.fill!), "double"))\(ref)</Apply>")
                } else {
                    let level = String(term.dropFirst(p.name.count + 1))
                    let equal = "<Apply function=\"equal\">\(ref)\(constant(level, "string"))</Apply>"
                    x.line("<Apply function=\"if\">\(isMissing)\(constant("0", "double"))<Apply function=\"if\">\(equal)\(constant("1", "double"))\(constant("0", "double"))</Apply></Apply>")
                }
                x.close("DerivedField")
            }
        }
        x.close("TransformationDictionary")
    }
}

/// A minimal XML writer: elements with attributes, everything escaped.
struct XMLWriter {
    private(set) var text = ""
    private var depth = 0

    /// Text for element content and double-quoted attribute values: CreditSupport's one XML escaping, as a
    /// standalone XML document needs it (tab, LF and CR as character references, which attribute-value
    /// normalisation would otherwise turn into spaces). The characters XML 1.0 cannot hold are refused before
    /// writing (`checkXMLRepresentable`).
    static func escape(_ s: String) -> String { XMLEscaping.escape(s, for: .xml) }

    private static func attributes(_ attrs: KeyValuePairs<String, String>) -> String {
        attrs.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }

    mutating func line(_ s: String) { text += String(repeating: "  ", count: depth) + s + "\n" }
    mutating func open(_ tag: String, _ attrs: KeyValuePairs<String, String> = [:]) {
        line("<\(tag)\(Self.attributes(attrs))>"); depth += 1
    }
    mutating func close(_ tag: String) { depth -= 1; line("</\(tag)>") }
    mutating func empty(_ tag: String, _ attrs: KeyValuePairs<String, String>) { line("<\(tag)\(Self.attributes(attrs))/>") }
}

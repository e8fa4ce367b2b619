import ArgumentParser
import Foundation
import CreditDecision
import CreditReports
import CreditModelFile
import CreditSupport

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add a decision policy to a saved model: hard rules, a refer band and a cut-off; write a new sealed model.",
        discussion: """
        The new model (version 4) carries the policy and names its parent's seal in its lineage; an edited \
        policy model is refused on load like any edited model. 'credit score' with it writes, after the scores \
        and reasons, 'decision' (approve, refer or decline) and 'decision_code' (the rule's code, 'refer-band' or \
        'cutoff'; with --reason-texts also 'decision_text'), and its summary counts the decisions and the rows \
        each hard rule decided.

        Order, for each applicant the model can score (rows it cannot score are rejected first, as always):
          1. the hard rules, in the order given: the first whose condition holds declines (or refers) with its code;
          2. a score in the refer band is referred;
          3. the cut-off: approve when score ≥ cut-off (points, scorecards) or PD ≤ cut-off (plain models, or
             --by pd), decline otherwise.
        --refer-band A,B: in points, A ≤ score < B refers (with --cutoff 520 --refer-band 500,520: below 500 \
        decline, 500–519 refer, 520 and above approve); in PD, the PDs above the lower end and at or below the \
        higher end. A rule that cannot be evaluated on a row (text where it compares a number) rejects the row, \
        naming the rule.

        Rule grammar (one grammar, shared with 'credit strategy --incumbent-rule'): a column compared with a \
        number or a quoted string (< <= > >= == !=; strings == and != only), COL in ('a','b'), COL is missing, \
        COL is not missing, and, or, not, parentheses; a column name with spaces in backquotes. A comparison \
        with a missing value is false; 'not' is plain negation. After '=>': decline CODE or refer CODE, then an \
        optional quoted text for --reason-texts.

        Examples:
          credit policy out/card.json --cutoff 520 -o out/decided.json
          credit policy card.json --cutoff 520 --refer-band 500,520 --rule "past_delinquency >= 3 => decline R90 'Repeated delinquency'" -o decided.json
          credit policy model.json --cutoff 0.08 --rule "debt_to_income > 0.8 => refer R60" -o decided.json
        """
    )

    @Argument(help: "Model file written by 'credit train -o' (or an earlier 'credit policy'; its policy is replaced).")
    var model: String

    @Option(help: ArgumentHelp("Cut-off: a score in points for scorecards, a PD for plain models (or with --by pd).", valueName: "S"))
    var cutoff: Double

    @Option(help: "Scale of --cutoff and --refer-band: points (scorecards' default) or pd (plain models' default and only scale).")
    var by: ScoreScale?

    @Option(name: .customLong("refer-band"), help: ArgumentHelp("Refer the scores between A and B (see above).", valueName: "A,B"))
    var referBand: String?

    @Option(name: .customLong("rule"), help: ArgumentHelp("A hard rule, run before the score (repeatable, in order).", valueName: "'EXPR => decline CODE [TEXT]'"))
    var rules: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Write the model with its policy here.")
    var output: String

    @Option(help: "Format of the summary: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if output == "-" { throw ValidationError("-o must name a file (the summary goes to standard output)") }
        if format != .text && format != .json { throw ValidationError("--format must be text or json for policy") }
        try requireOption("--cutoff", cutoff, .finite)
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("-o", output)], inputs: [("MODEL", model)])
            let parent = try CreditModel.load(path: model)
            let scale = by ?? (parent.scorecard == nil ? .pd : .points)
            var band: (Double, Double)? = nil
            if let referBand {
                let parts = referBand.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.count == 2, let a = parts[0], let b = parts[1] else {
                    throw UsageError(description: "--refer-band must be two numbers A,B (got '\(referBand)'), e.g. --refer-band 500,520")
                }
                band = (a, b)
            }
            var parsed: [PolicyRule] = []
            for (k, text) in rules.enumerated() {
                do { parsed.append(try PolicyRule(parsing: text)) } catch let error as RuleSyntaxError {
                    throw UsageError(description: "--rule \(k + 1): \(error)")
                } catch let error as PolicyError {
                    throw UsageError(description: "--rule \(k + 1): \(error)")
                }
            }
            let child: CreditModel
            do {
                let policy = try DecisionPolicy(cutoff: Cutoff(cutoff, scale: scale), referBand: band, rules: parsed)
                child = try parent.withPolicy(policy, parentFile: model, commandLine: CommandLine.arguments, date: TrainingRecord.date())
            } catch let error as PolicyError {
                throw UsageError(description: "\(error)")
            }
            let group = OutputGroup()
            try group.add(AtomicOutput(path: output)).write(try child.fileData(for: output))
            try group.commit()
            print(try PolicyReport(parentFile: model, parent: parent, child: child, output: output).render(format), terminator: "")
        }
    }
}

extension ScoreScale: ExpressibleByArgument {}

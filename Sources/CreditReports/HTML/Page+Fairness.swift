/// The fairness section of `credit report --group`: the three tables of `credit fairness` (`FairnessReport`).
extension HTMLReport {
    func fairnessSection() -> Markup? {
        guard let f = fairness else { return nil }
        func table(_ t: TextTable, _ caption: String, id: String) -> Markup {
            Self.table(caption, t.columns.map(\.title), t.rows, id: id)
        }
        return Self.section("fairness", "Fairness by \(f.groupColumn)", f.sectionIntro, [
            table(f.approvalTable(), "Approval at the cut-off", id: "table-fairness-approval"),
            table(f.outcomeTable(), "Outcomes by group", id: "table-fairness-outcomes"),
            table(f.calibrationTable(), "Calibration-in-the-large by group", id: "table-fairness-calibration"),
            .el("p", text: FairnessReport.definitions.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")),
        ])
    }
}

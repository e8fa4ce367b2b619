extension Chart {
    /// The chart as a standalone SVG file: the XML declaration, the `<svg>` element with its namespace
    /// (`svg(standalone: true)`) and a final newline, ready to be written as `fileName` (`credit report --svg`
    /// writes one per chart for papers).
    public var svgFile: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg(standalone: true).rendered + "\n"
    }

    /// The chart's file name: its `id` and `.svg` (e.g. "chart-roc.svg").
    public var fileName: String { id + ".svg" }
}

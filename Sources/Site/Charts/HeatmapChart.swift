import AftermathCore

/// Incident starts by weekday and hour (UTC) as an inline SVG grid: the more incidents, the
/// darker the cell; each cell carries its count as text and in its tooltip, so the chart reads
/// without a script and without colour.
public struct HeatmapChart: Sendable {
    let cell = 26.0, rowHeight = 22.0, left = 40.0, top = 8.0, bottom = 26.0

    /// A chart with the default size.
    public init() {}

    /// The shade of a cell: 0 for none, else 1…4 by its share of the busiest cell (`maximum`).
    public static func level(_ count: Int, maximum: Int) -> Int {
        guard count > 0, maximum > 0 else { return 0 }
        return min(4, max(1, Int((Double(count) * 4 / Double(maximum)).rounded(.up))))
    }

    /// The SVG of `grid` (7 weekday rows, Monday first, of 24 hour counts).
    public func render(_ grid: [[Int]], weekdays: [String]) -> String {
        let maximum = grid.flatMap { $0 }.max() ?? 0
        let width = left + cell * 24 + 4, height = top + rowHeight * 7 + bottom
        var out = "<svg class=\"heatmap-svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"Incidents by weekday and hour, UTC\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        out += "<title>Incidents by weekday and hour (UTC)</title>\n"
        for (row, counts) in grid.prefix(7).enumerated() {
            let y = top + Double(row) * rowHeight
            let day = row < weekdays.count ? weekdays[row] : String(row)
            out += "<text class=\"hm-day\" x=\"\(Int(left - 6))\" y=\"\(Int(y + rowHeight * 0.7))\" text-anchor=\"end\">\(HTML.escape(day))</text>\n"
            for (hour, count) in counts.prefix(24).enumerated() {
                let x = left + Double(hour) * cell
                let level = Self.level(count, maximum: maximum)
                let tip = "\(day) \(Timestamp.pad(hour)):00–\(Timestamp.pad(hour)):59 UTC: \(count) incident\(count == 1 ? "" : "s")"
                out += "<rect class=\"hm l\(level)\" x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(Int(cell - 2))\" height=\"\(Int(rowHeight - 2))\" "
                    + "data-key=\"heatmap[\(row)][\(hour)]\" data-value=\"\(count)\"><title>\(HTML.escape(tip))</title></rect>"
                if count > 0 {
                    out += "<text class=\"hm-n l\(level)\" x=\"\(Int(x + (cell - 2) / 2))\" y=\"\(Int(y + rowHeight * 0.68))\" text-anchor=\"middle\">\(count)</text>"
                }
                out += "\n"
            }
        }
        for hour in stride(from: 0, to: 24, by: 3) {
            let x = left + Double(hour) * cell + (cell - 2) / 2
            out += "<text class=\"hm-hour\" x=\"\(Int(x))\" y=\"\(Int(top + rowHeight * 7 + 16))\" text-anchor=\"middle\">\(Timestamp.pad(hour)):00</text>\n"
        }
        return out + "</svg>\n"
    }
}

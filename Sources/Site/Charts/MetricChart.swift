import AftermathCore
import Archive
import Foundation

/// An inline SVG line chart of stored Prometheus series: UTC time axis, value axis in the unit the
/// metric's name implies, one coloured line per series with a legend, the incident window shaded
/// and alert start/resolve times marked. Every label is HTML-escaped; NaN and ±Inf break the line.
public struct MetricChart: Sendable {
    /// Chart size in SVG user units (the SVG scales to its container).
    public var width = 720.0
    public var height = 260.0
    /// The most series drawn (the legend says how many were left out).
    public var maxSeries = 12

    let left = 72.0, right = 16.0, top = 14.0, bottom = 40.0

    /// A chart with the default size.
    public init() {}

    /// A `<figure>` holding the SVG and its legend.
    /// `window` is the captured window (the x range grows to include every point).
    public func render(title: String, series all: [MetricSeries], window: DateInterval?, marks: ChartMarks) -> String {
        let series = Array(all.prefix(maxSeries))
        var tMin = window?.start.timeIntervalSince1970 ?? .infinity
        var tMax = window?.end.timeIntervalSince1970 ?? -.infinity
        var vMin = Double.infinity, vMax = -Double.infinity
        for s in series {
            for p in s.points where p.t.isFinite {
                tMin = min(tMin, p.t)
                tMax = max(tMax, p.t)
                if p.v.isFinite {
                    vMin = min(vMin, p.v)
                    vMax = max(vMax, p.v)
                }
            }
        }
        let unit = series.first.map(MetricUnit.guess) ?? .none
        var out = "<figure class=\"chart\">\n<figcaption>\(HTML.escape(HTML.visible(title)))</figcaption>\n"
        guard tMin.isFinite, tMax.isFinite else {
            return out + "<p class=\"empty\">No samples in this series.</p>\n</figure>\n"
        }
        if tMax <= tMin { tMin -= 30; tMax += 30 }
        if vMin.isInfinite { vMin = 0; vMax = 1 }
        if vMin > 0, unit != .none || vMin < (vMax - vMin) * 2 { vMin = 0 }
        let axis = ChartAxis.valueTicks(low: vMin, high: vMax, unit: unit)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ t: Double) -> Double { left + (t - tMin) / (tMax - tMin) * plotW }
        func y(_ v: Double) -> Double { top + plotH - (v - axis.low) / (axis.high - axis.low) * plotH }

        let label = HTML.escape(HTML.visible(title))
        out += "<svg class=\"chart-svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(label)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        out += "<title>\(label)</title>\n"
        out += "<rect class=\"plot\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\" fill=\"none\"/>\n"
        out += windowMark(marks, tMin: tMin, tMax: tMax, x: x, plotH: plotH)
        out += "<g class=\"axis axis-y\">\n"
        for tick in axis.ticks {
            let ty = y(tick.value)
            out += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(left + plotW))\" y1=\"\(n(ty))\" y2=\"\(n(ty))\"/>"
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(ty + 4))\" text-anchor=\"end\">\(HTML.escape(tick.label))</text>\n"
        }
        if !unit.caption.isEmpty {
            out += "<text class=\"axis-title\" transform=\"translate(14 \(n(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(unit.caption)</text>\n"
        }
        out += "</g>\n<g class=\"axis axis-x\">\n"
        for tick in ChartAxis.timeTicks(start: tMin, end: tMax) {
            let tx = x(tick.value)
            out += "<line class=\"tick\" x1=\"\(n(tx))\" x2=\"\(n(tx))\" y1=\"\(n(top + plotH))\" y2=\"\(n(top + plotH + 5))\"/>"
            let anchor = tx > left + plotW - 30 ? "end" : "middle"  // the last label stays inside the SVG
            out += "<text x=\"\(n(tx))\" y=\"\(n(top + plotH + 18))\" text-anchor=\"\(anchor)\">\(HTML.escape(tick.label))</text>\n"
        }
        out += "<text class=\"axis-title\" x=\"\(n(left + plotW))\" y=\"\(n(height - 4))\" text-anchor=\"end\">time (UTC)</text>\n</g>\n"
        out += "<g class=\"series\">\n"
        for (i, s) in series.enumerated() {
            let (d, alone) = path(s.points, x: x, y: y, low: axis.low, high: axis.high)
            guard !d.isEmpty else { continue }
            let name = "<title>\(HTML.escape(HTML.visible(Self.seriesLabel(s, among: series))))</title>"
            out += "<path class=\"line s\(i % 8)\" fill=\"none\" d=\"\(d)\">\(name)</path>\n"
            for (cx, cy) in alone { out += "<circle class=\"dot s\(i % 8)\" cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"3\">\(name)</circle>\n" }
        }
        out += "</g>\n"
        out += alertMarks(marks, tMin: tMin, tMax: tMax, x: x, plotH: plotH)
        out += "</svg>\n"
        out += legend(series, total: all.count, marks: marks)
        return out + "</figure>\n"
    }

    private func windowMark(_ marks: ChartMarks, tMin: Double, tMax: Double, x: (Double) -> Double, plotH: Double) -> String {
        guard let start = marks.incidentStart?.timeIntervalSince1970 else { return "" }
        let end = marks.incidentEnd?.timeIntervalSince1970 ?? tMax
        let a = max(start, tMin), b = min(end, tMax)
        guard b >= a else { return "" }
        let until = marks.incidentEnd.map { "resolved " + Display.time($0) } ?? "still open"
        return "<rect class=\"incident-window\" x=\"\(n(x(a)))\" y=\"\(n(top))\" width=\"\(n(max(1, x(b) - x(a))))\" height=\"\(n(plotH))\">"
            + "<title>Incident window: started \(Display.time(Date(timeIntervalSince1970: start))), \(until)</title></rect>\n"
    }

    private func alertMarks(_ marks: ChartMarks, tMin: Double, tMax: Double, x: (Double) -> Double, plotH: Double) -> String {
        var out = "<g class=\"marks\">\n"
        for alert in marks.alerts {
            let name = HTML.escape(HTML.visible(alert.name))
            let s = alert.start.timeIntervalSince1970
            if s >= tMin, s <= tMax {
                out += "<line class=\"mark alert-start\" x1=\"\(n(x(s)))\" x2=\"\(n(x(s)))\" y1=\"\(n(top))\" y2=\"\(n(top + plotH))\">"
                    + "<title>\(name) fired \(Display.time(alert.start))</title></line>"
                out += label("fired", at: x(s), y: top + 10, kind: "alert-start")
            }
            if let end = alert.end?.timeIntervalSince1970, end >= tMin, end <= tMax, let date = alert.end {
                out += "<line class=\"mark alert-end\" x1=\"\(n(x(end)))\" x2=\"\(n(x(end)))\" y1=\"\(n(top))\" y2=\"\(n(top + plotH))\">"
                    + "<title>\(name) resolved \(Display.time(date))</title></line>"
                out += label("resolved", at: x(end), y: top + 22, kind: "alert-end")
            }
        }
        return out + "</g>\n"
    }

    /// A mark's label beside its line, on the left of it near the right edge.
    private func label(_ text: String, at x: Double, y: Double, kind: String) -> String {
        let flip = x > width - right - 60
        return "<text class=\"mark-label \(kind)\" x=\"\(n(flip ? x - 3 : x + 3))\" y=\"\(n(y))\" text-anchor=\"\(flip ? "end" : "start")\">\(text)</text>\n"
    }

    private func legend(_ series: [MetricSeries], total: Int, marks: ChartMarks) -> String {
        var out = "<ul class=\"legend\">\n"
        for (i, s) in series.enumerated() {
            out += "<li><span class=\"swatch s\(i % 8)\"></span>\(HTML.escape(HTML.visible(Self.seriesLabel(s, among: series))))</li>\n"
        }
        if total > series.count { out += "<li class=\"more\">\(total - series.count) more series not drawn</li>\n" }
        if marks.incidentStart != nil { out += "<li class=\"key\"><span class=\"swatch window\"></span>incident window</li>\n" }
        if !marks.alerts.isEmpty {
            out += "<li class=\"key\"><span class=\"swatch alert-start\"></span>alert fired</li>\n"
            if marks.alerts.contains(where: { $0.end != nil }) { out += "<li class=\"key\"><span class=\"swatch alert-end\"></span>alert resolved</li>\n" }
        }
        return out + "</ul>\n"
    }

    /// `M x y L x y …`, starting a new segment after every NaN, ±Inf or out-of-order gap; with the
    /// points that stand alone between gaps, which a path cannot show (drawn as dots instead).
    private func path(_ points: [MetricPoint], x: (Double) -> Double, y: (Double) -> Double, low: Double, high: Double) -> (d: String, alone: [(Double, Double)]) {
        var d = ""
        var alone: [(Double, Double)] = []
        var run: [(Double, Double)] = []
        for p in points {
            guard p.t.isFinite, p.v.isFinite else {
                if run.count == 1 { alone += run }
                run = []
                continue
            }
            let xy = (x(p.t), y(min(max(p.v, low), high)))
            d += (run.isEmpty ? "M" : "L") + n(xy.0) + " " + n(xy.1) + " "
            run.append(xy)
        }
        if run.count == 1 { alone += run }
        return (String(FastText.trimmed(d)), alone)
    }

    /// The labels that tell `series` apart from the others (all labels when it is alone).
    static func seriesLabel(_ series: MetricSeries, among all: [MetricSeries]) -> String {
        var labels = series.labels
        if all.count > 1 {
            for (key, value) in series.labels where all.allSatisfy({ $0.labels[key] == value }) { labels[key] = nil }
        }
        let name = labels.removeValue(forKey: "__name__") ?? ""
        let inner = labels.keys.sorted().map { "\($0)=\"\(labels[$0] ?? "")\"" }.joined(separator: ", ")
        if name.isEmpty, inner.isEmpty { return all.count > 1 ? "series" : (series.query.isEmpty ? "series" : series.query) }
        return inner.isEmpty ? name : "\(name){\(inner)}"
    }

    private func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = Int(saturating: (v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return a % 10 == 0 ? sign + String(a / 10) : sign + String(a / 10) + "." + String(a % 10)
    }
}

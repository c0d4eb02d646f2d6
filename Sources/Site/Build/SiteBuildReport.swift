import Foundation

/// What a build did.
public struct SiteBuildReport: Sendable, Equatable {
    /// Pages (and assets) written because their inputs changed or they were missing.
    public var written: [String] = []
    /// Pages whose inputs were unchanged.
    public var unchanged = 0
    /// Pages of items that no longer exist, removed.
    public var removed: [String] = []
    /// Problems that did not stop the build (a broken postmortem, a dangling citation).
    public var warnings: [String] = []
    /// Incidents in the archive.
    public var incidents = 0
    /// Postmortem files read again because they changed.
    public var postmortemsRead = 0
    /// Wall time of the whole build, in seconds.
    public var seconds: Double = 0
    /// The output directory.
    public var outputDirectory = ""
    /// Seconds spent in each phase, in order (`load`, `scan`, `digests`, `analyse`, `plan`, `render`, `finish`).
    public var phases: [(name: String, seconds: Double)] = []
    /// Whether the pages were planned from the kept plan (only postmortem bodies had changed).
    public var fromKeptPlan = false

    /// Equal when they did the same (timings aside).
    public static func == (a: SiteBuildReport, b: SiteBuildReport) -> Bool {
        a.written == b.written && a.unchanged == b.unchanged && a.removed == b.removed && a.warnings == b.warnings
            && a.incidents == b.incidents && a.postmortemsRead == b.postmortemsRead && a.outputDirectory == b.outputDirectory
    }

    /// `site: 12 written, 10230 unchanged, 0 removed in 0.42 s (28.6 pages/s) → site/ · 1 warning`.
    public var summaryLine: String {
        let rate = seconds > 0 ? String(format: "%.0f", Double(written.count) / seconds) : "-"
        var line = "site: \(written.count) page(s) written, \(unchanged) unchanged, \(removed.count) removed in "
            + String(format: "%.2f s", seconds) + " (\(rate) pages/s, \(incidents) incident(s)) → \(outputDirectory)"
        if !warnings.isEmpty { line += " · \(warnings.count) warning(s)" }
        return line
    }
}

/// Receives build progress (from several rendering tasks at once).
public protocol SiteBuildProgress: Sendable {
    /// `done` of `total` pages to write are written.
    func update(done: Int, total: Int)
    /// The build ended (successfully or not).
    func finish()
}

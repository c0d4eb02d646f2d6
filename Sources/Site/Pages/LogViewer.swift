import AftermathCore
import Archive
import Foundation

/// Evidence text as HTML: numbered lines with an anchor each (`#L12`), and for logs the line's
/// timestamp and source; error and warning lines carry a class (`lvl-error`, `lvl-warn`) the
/// stylesheet tints. The text is only ever escaped — never interpreted as Markdown or HTML.
/// A filter bar, hidden until `assets/logview.js` shows it, filters and highlights the lines.
enum LogViewer {
    /// The filter bar (the script fills the status and wires the controls; without it, it stays hidden).
    static let filterBar = """
        <div class="log-filter" hidden>
        <label for="log-filter" class="visually-hidden">Filter lines</label>
        <input id="log-filter" type="search" placeholder="Filter lines…" autocomplete="off" spellcheck="false">
        <label class="toggle"><input id="log-filter-regex" type="checkbox"> Regex</label>
        <label class="toggle"><input id="log-filter-case" type="checkbox"> Match case</label>
        <span id="log-filter-status" class="muted" role="status" aria-live="polite"></span>
        </div>

        """

    /// ` class="lvl-error"`, ` class="lvl-warn"` or nothing, for a line's row.
    static func rowClass(_ text: Substring) -> String {
        switch LineSeverity.of(String(text)) {
        case .error: " class=\"lvl-error\""
        case .warning: " class=\"lvl-warn\""
        case nil: ""
        }
    }

    /// A log: content lines numbered from 1, with timestamps and sources from the indexed lines.
    static func log(content: String, lines: [EvidenceLineRecord]) -> String {
        var meta: [Int: EvidenceLineRecord] = [:]
        for line in lines { meta[line.lineNo] = line }
        var out = filterBar + "<div class=\"log-viewer\"><table class=\"log\">\n<thead><tr><th>#</th><th>time</th><th>source</th><th>line</th></tr></thead>\n<tbody>\n"
        var previousSource: String?
        for (i, text) in split(content).enumerated() {
            let n = i + 1
            out += "<tr id=\"L\(n)\"\(rowClass(text))><td class=\"ln\"><a href=\"#L\(n)\">\(n)</a></td><td class=\"ts\">"
            if let ts = meta[n]?.ts { out += Display.timeElement(ts) }
            out += "</td><td class=\"src\">"
            if let source = meta[n]?.source, source != previousSource {
                out += HTML.escape(HTML.visible(source))
                previousSource = source
            }
            out += "</td><td class=\"msg\">" + HTML.escape(HTML.visible(String(text))) + "</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    /// Command output or an HTTP body: numbered lines.
    static func output(content: String) -> String {
        var out = filterBar + "<div class=\"log-viewer\"><table class=\"log output\">\n<tbody>\n"
        for (i, text) in split(content).enumerated() {
            let n = i + 1
            out += "<tr id=\"L\(n)\"\(rowClass(text))><td class=\"ln\"><a href=\"#L\(n)\">\(n)</a></td><td class=\"msg\">"
                + HTML.escape(HTML.visible(String(text))) + "</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    /// Lines of `content`, numbered exactly as capture stored and indexed them (`EvidenceText`).
    static func split(_ content: String) -> [Substring] {
        EvidenceText.lines(content)
    }
}

/// Plain aligned columns for terminal output; the last column is not padded.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map(sanitize) }
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count - 1 { widths[i] = min(max(widths[i], cell.count), 40) }
        }
        return all.map { row in
            row.enumerated().map { i, cell in
                guard i < widths.count - 1 else { return cell }
                let length = cell.count
                if length > widths[i] { return String(cell.prefix(widths[i] - 1)) + "…" }
                return cell + String(repeating: " ", count: widths[i] - length)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Multi-line text for the terminal: newlines and tabs kept, other control characters shown as `?`.
    static func sanitizeBlock(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            if scalar == "\n" || scalar == "\t" { return Character(scalar) }
            let category = scalar.properties.generalCategory
            return (category == .control || category == .format) ? "?" : Character(scalar)
        })
    }

    /// Control characters from payloads never reach the terminal (no escape-sequence injection).
    static func sanitize(_ cell: String) -> String {
        // Printable ASCII (most cells) has nothing to replace.
        if cell.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return cell }
        return String(cell.unicodeScalars.map { scalar -> Character in
            (scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format) ? "?" : Character(scalar)
        })
    }
}
import Foundation

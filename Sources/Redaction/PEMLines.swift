import Foundation

/// Recognises the BEGIN and END lines of a PEM private key block.
enum PEMLines {
    static let ruleName = "private-key"

    /// `… -----BEGIN … PRIVATE KEY-----` (or SSH2's `---- BEGIN … ----`) with nothing but
    /// whitespace after the header.
    static func endsWithBegin(_ line: String) -> Bool {
        guard let header = line.range(of: "-----BEGIN ", options: .backwards) ?? line.range(of: "---- BEGIN ", options: .backwards)
        else { return false }
        let rest = line[header.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let label = ["PRIVATE KEY-----", "PRIVATE KEY BLOCK-----", "PRIVATE KEY ----"].lazy
            .compactMap({ rest.hasSuffix($0) ? rest.dropLast($0.count) : nil }).first
        else { return false }
        return label.count <= 100 && label.allSatisfy { $0 == " " || $0 == "_" || ($0.isASCII && ($0.isUppercase || $0.isNumber)) }
    }

    /// A line with `-----END … PRIVATE KEY` (or `---- END …`).
    static func isEnd(_ line: String) -> Bool {
        guard let end = line.range(of: "-----END ") ?? line.range(of: "---- END ") else { return false }
        return line[end.upperBound...].contains("PRIVATE KEY")
    }
}

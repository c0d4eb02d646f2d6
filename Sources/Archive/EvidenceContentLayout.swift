import AftermathCore
import Foundation
import GRDB

/// Where an item's content bytes live (`evidence.content_lines`, since v12), so that they are
/// stored once: content that is exactly its indexed lines' texts joined by LF (what capture makes of
/// a log; command output and chat transcripts add a final LF) is kept only in `evidence_line`, and
/// `content` is empty; anything else (metrics JSON, CRLF text, HTTP bodies) stays in `content`.
/// `sha256` and `size` are those of the content either way, so the hash chain does not change.
/// Content with a NUL stays in `content`: its indexed lines show U+FFFD there (`StoredText`).
enum EvidenceContentLayout: Int {
    /// `content` holds the bytes.
    case blob = 0
    /// The lines' texts joined by LF.
    case joinedLines = 1
    /// The lines' texts joined by LF, then one final LF.
    case joinedLinesWithFinalNewline = 2

    /// The layout that stores `content` once, given the lines indexed with it (in line order).
    static func of(_ content: Data, lines: some Sequence<String>) -> EvidenceContentLayout {
        content.withUnsafeBytes { raw -> EvidenceContentLayout in
            let bytes = raw.bindMemory(to: UInt8.self)
            var offset = 0
            var count = 0
            for var line in lines {
                guard !StoredText.holdsNUL(line) else { return .blob }
                if count > 0 {
                    guard offset < bytes.count, bytes[offset] == 0x0A else { return .blob }
                    offset += 1
                }
                count += 1
                let equal = line.withUTF8 { utf8 in
                    utf8.count <= bytes.count - offset
                        && (utf8.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress! + offset, utf8.count) == 0)
                }
                guard equal else { return .blob }
                offset += line.utf8.count
            }
            guard count > 0 else { return .blob }
            if offset == bytes.count { return .joinedLines }
            if offset + 1 == bytes.count, bytes[offset] == 0x0A { return .joinedLinesWithFinalNewline }
            return .blob
        }
    }

    /// The content rebuilt from its lines' texts, in line order (for `.blob`: nothing to rebuild).
    func content(lines: some Sequence<String>) -> Data {
        var bytes: [UInt8] = []
        var first = true
        for line in lines {
            if !first { bytes.append(0x0A) }
            first = false
            bytes.append(contentsOf: line.utf8)
        }
        if self == .joinedLinesWithFinalNewline { bytes.append(0x0A) }
        return Data(bytes)
    }
}

extension AppDatabase {
    /// An item's content from its `evidence` row (which must include `id`, `content`,
    /// `content_removed_at` and, since v12, `content_lines`): the stored bytes, or its lines joined
    /// as its layout says; empty once retention removed it. `lines`, when given, are the item's line
    /// texts in order (a caller that read them already); otherwise they are read here.
    static func content(_ db: Database, row: Row, lines: [String]? = nil) throws -> Data {
        if (row["content_removed_at"] as DatabaseValue?).map({ !$0.isNull }) == true { return Data() }
        let layout = (row["content_lines"] as Int?).flatMap(EvidenceContentLayout.init(rawValue:)) ?? .blob
        guard layout != .blob else { return row["content"] ?? Data() }
        return layout.content(lines: try lines ?? lineTexts(db, evidenceID: row["id"]))
    }

    /// An item's content by id (see `content(_:row:lines:)`); nil for an unknown item.
    static func content(_ db: Database, evidenceID: String) throws -> Data? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM evidence WHERE id = ?", arguments: [evidenceID]) else { return nil }
        return try content(db, row: row)
    }

    /// The texts of an item's indexed lines, in line order, read as their bytes: a line stored
    /// before `StoredText` may hold a NUL, and reading it as a string would cut it there.
    static func lineTexts(_ db: Database, evidenceID: String) throws -> [String] {
        var texts: [String] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT CAST(text AS BLOB) FROM evidence_line WHERE evidence_id = ? ORDER BY line_no", arguments: [evidenceID])
        while let row = try rows.next() {
            texts.append(try row.withUnsafeData(atIndex: 0) { $0.map { String(decoding: $0, as: UTF8.self) } ?? "" })
        }
        return texts
    }
}

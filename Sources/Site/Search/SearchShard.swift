/// One file of the search index: documents (an incident with its postmortem, or one evidence line)
/// and, for every term, the documents holding it. Shipped as a script that pushes itself onto
/// `window.AFTERMATH_SEARCH`, so search works from `file://` with no request of any kind.
struct SearchShard {
    /// What a result links to and shows.
    struct Document {
        /// Relative URL from the site root (`incident/x.html`, `evidence/ev-3.html#L12`).
        var url: String
        var title: String
        var snippet: String
        /// `i` incident, `l` evidence line.
        var kind: String
    }

    private(set) var documents: [Document] = []
    private var termIDs: [String: Int] = [:]
    private var postings: [[Int32]] = []

    /// The most characters of a snippet.
    static let snippetLength = 220

    /// Adds a document with the terms of `text` (and of its title).
    mutating func add(_ document: Document, text: String) {
        let index = Int32(documents.count)
        var doc = document
        if doc.snippet.count > Self.snippetLength { doc.snippet = String(doc.snippet.prefix(Self.snippetLength)) + "…" }
        documents.append(doc)
        let add: (String) -> Void = { term in
            if let id = self.termIDs[term] {
                if self.postings[id].last != index { self.postings[id].append(index) }
            } else {
                self.termIDs[term] = self.postings.count
                self.postings.append([index])
            }
        }
        SearchTokenizer.forEachTerm(document.title, add)
        SearchTokenizer.forEachTerm(text, add)
    }

    /// The shard as a script.
    func script() -> String {
        var out = "(window.AFTERMATH_SEARCH = window.AFTERMATH_SEARCH || []).push({\"d\":["
        for (i, doc) in documents.enumerated() {
            if i > 0 { out += "," }
            out += "[" + Self.json(doc.url) + "," + Self.json(doc.title) + "," + Self.json(doc.snippet) + "," + Self.json(doc.kind) + "]"
        }
        out += "],\n\"t\":{"
        var first = true
        for term in termIDs.keys.sorted() {
            guard let id = termIDs[term] else { continue }
            let list = postings[id]
            if !first { out += "," }
            first = false
            out += Self.json(term)
            out += ":["
            for (k, doc) in list.enumerated() {
                if k > 0 { out += "," }
                out += String(doc)
            }
            out += "]"
        }
        out += "}});\n"
        return out
    }

    /// A JSON string literal; `<`, `>`, `&`, U+2028 and U+2029 escaped too, so it is inert anywhere.
    static func json(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out.append(contentsOf: unicodeEscape(scalar.value).unicodeScalars)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out.append(contentsOf: unicodeEscape(scalar.value).unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        out.append("\"")
        return String(out)
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

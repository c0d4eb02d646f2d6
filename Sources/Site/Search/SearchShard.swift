/// One file of the search index: documents (an incident with its postmortem, or one evidence line)
/// and, for every term, the documents holding it (`k`: the terms, `p`: each term's documents). Shipped as a script that pushes itself onto
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
    private var terms = SearchTerms()
    private var postings: [[Int32]] = []

    /// The most characters of a snippet.
    static let snippetLength = 220

    /// Adds a document with the terms of `text` (and of its title).
    mutating func add(_ document: Document, text: String) {
        let index = Int32(documents.count)
        var doc = document
        if doc.snippet.count > Self.snippetLength { doc.snippet = String(doc.snippet.prefix(Self.snippetLength)) + "…" }
        documents.append(doc)
        let add: (UnsafeBufferPointer<UInt8>) -> Void = { term in
            let (id, inserted) = self.terms.id(of: term)
            if inserted {
                self.postings.append([index])
            } else if self.postings[id].last != index {
                self.postings[id].append(index)
            }
        }
        SearchTokenizer.forEachTermBytes(document.title, add)
        SearchTokenizer.forEachTermBytes(text, add)
    }

    /// The shard as a script (built as bytes: at 10,000 incidents the index is tens of MB).
    func script() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(documents.count * 160 + terms.count * 24)
        out += Array("(window.AFTERMATH_SEARCH = window.AFTERMATH_SEARCH || []).push({\"d\":[".utf8)
        for (i, doc) in documents.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            Self.json(doc.url, into: &out)
            out.append(UInt8(ascii: ","))
            Self.json(doc.title, into: &out)
            out.append(UInt8(ascii: ","))
            Self.json(doc.snippet, into: &out)
            out.append(UInt8(ascii: ","))
            Self.json(doc.kind, into: &out)
            out.append(UInt8(ascii: "]"))
        }
        // Terms and their postings as two parallel arrays, never as an object's keys: a term such
        // as `__proto__` written as a key would set the object's prototype when the script runs.
        let sorted = (0..<terms.count).map { (term: terms.term($0), id: $0) }.sorted { $0.term < $1.term }
        out += Array("],\n\"k\":[".utf8)
        for (i, term) in sorted.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.json(term.term, into: &out)
        }
        out += Array("],\n\"p\":[".utf8)
        for (i, (_, id)) in sorted.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            for (k, doc) in postings[id].enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out += String(doc).utf8
            }
            out.append(UInt8(ascii: "]"))
        }
        out += Array("]});\n".utf8)
        return out
    }

    /// A JSON string literal; `<`, `>`, `&`, U+2028 and U+2029 escaped too, so it is inert anywhere.
    static func json(_ text: String) -> String {
        var out: [UInt8] = []
        json(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `json(_:)` appended to `out`, over the UTF-8 bytes.
    static func json(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, UInt8(ascii: "\"")]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20, 0x7F:
                unicodeEscape(UInt32(byte), into: &out)
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                unicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
                i += 2
            default:
                out.append(byte)
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func unicodeEscape(_ value: UInt32, into out: inout [UInt8]) {
        out += [0x5C, UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)]) }
    }
}

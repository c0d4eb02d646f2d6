import Foundation

/// The numbers a page shows with their JSON path (`data-key`) and exact value (`value` on
/// `<data>`, `data-value` elsewhere), compared with a JSON document such as `insights --json`.
enum PageNumbers {
    /// Every (path, value) on the page; an empty value stands for "no value" (JSON null).
    static func extract(_ html: String) -> [(key: String, value: String)] {
        guard let tag = try? NSRegularExpression(pattern: #"<[a-z]+\b[^>]*\bdata-key="([^"]+)"[^>]*>"#) else { return [] }
        var out: [(String, String)] = []
        for match in tag.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let whole = Range(match.range, in: html), let keyRange = Range(match.range(at: 1), in: html) else { continue }
            let element = String(html[whole])
            let value = attribute("value", in: element) ?? attribute("data-value", in: element) ?? ""
            out.append((String(html[keyRange]), value))
        }
        return out
    }

    static func attribute(_ name: String, in element: String) -> String? {
        guard let range = element.range(of: " \(name)=\"") else { return nil }
        let rest = element[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The value at `path` (`overall.time_to_resolve.median_seconds`, `months[2].incidents`, `heatmap[0][3]`).
    static func lookup(_ json: Any, _ path: String) -> Any? {
        var current: Any? = json
        var token = ""
        func step(_ name: String) {
            guard !name.isEmpty else { return }
            if let index = Int(name), let list = current as? [Any] {
                current = index < list.count ? list[index] : nil
            } else {
                current = (current as? [String: Any])?[name]
            }
        }
        for ch in path {
            if ch == "." || ch == "[" || ch == "]" {
                step(token)
                token = ""
            } else {
                token.append(ch)
            }
        }
        step(token)
        return current
    }

    /// Every page number that disagrees with `json` (empty when all agree), and how many were compared.
    static func mismatches(page html: String, json data: Data) throws -> (problems: [String], compared: Int) {
        let json = try JSONSerialization.jsonObject(with: data)
        var problems: [String] = []
        let numbers = extract(html)
        for (key, value) in numbers {
            let found = lookup(json, key)
            if value.isEmpty {
                if !(found is NSNull) { problems.append("\(key): page shows no value, JSON has \(String(describing: found))") }
                continue
            }
            guard let expected = (found as? NSNumber)?.doubleValue, let shown = Double(value) else {
                problems.append("\(key): page \(value), JSON \(String(describing: found))")
                continue
            }
            if abs(expected - shown) > 1e-9 { problems.append("\(key): page \(value), JSON \(expected)") }
        }
        return (problems, numbers.count)
    }
}

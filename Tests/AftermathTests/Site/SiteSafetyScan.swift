import Foundation
@testable import Site

/// Scans built files for what must never be in them: event-handler attributes, script URLs,
/// resources from elsewhere, inline scripts or styles, pages without the CSP.
enum SiteSafetyScan {
    struct Finding: CustomStringConvertible {
        var file: String
        var problem: String
        var description: String { "\(file): \(problem)" }
    }

    /// Every problem in every file under `root`.
    static func scan(root: String, files: [String]) -> [Finding] {
        var findings: [Finding] = []
        for file in files {
            guard let text = try? String(contentsOfFile: (root as NSString).appendingPathComponent(file), encoding: .utf8) else {
                findings.append(Finding(file: file, problem: "not UTF-8"))
                continue
            }
            if file.hasSuffix(".html") {
                if !text.contains(SitePolicy.cspMeta) { findings.append(Finding(file: file, problem: "no CSP meta")) }
                findings += scanMarkup(text).map { Finding(file: file, problem: $0) }
            } else if file.hasSuffix(".xml") {
                findings += scanMarkup(text).map { Finding(file: file, problem: $0) }
                // Atom `content type="html"` is escaped HTML: scan it as a feed reader will render it.
                for part in text.components(separatedBy: "<content type=\"html\">").dropFirst() {
                    let html = decodeEntities(String(part.prefix { $0 != "<" }))
                    findings += scanMarkup(html).map { Finding(file: file, problem: "in feed content: " + $0) }
                }
            } else if file.hasPrefix("search/"), file.hasSuffix(".js") {
                findings += scanShard(text).map { Finding(file: file, problem: $0) }
            }
        }
        return findings
    }

    /// Problems in the tags of an HTML/XML text.
    static func scanMarkup(_ text: String) -> [String] {
        var problems: [String] = []
        for tag in tags(text) {
            let name = tag.name.lowercased()
            if name == "script" {
                guard let src = tag.attributes["src"], isLocal(src) else {
                    problems.append("inline or foreign <script>: \(tag.raw.prefix(120))")
                    continue
                }
            }
            if name == "style" { problems.append("inline <style>") }
            if ["iframe", "object", "embed", "base", "form", "frame"].contains(name) { problems.append("forbidden <\(name)>") }
            if name == "meta", tag.attributes["http-equiv"]?.lowercased() == "refresh" { problems.append("meta refresh") }
            for (attribute, rawValue) in tag.attributes {
                let value = decodeEntities(rawValue)
                if attribute.hasPrefix("on") { problems.append("event handler \(attribute)= in <\(name)>") }
                if attribute == "style" { problems.append("inline style in <\(name)>") }
                let compact = value.unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined().lowercased()
                if compact.contains("javascript:") || compact.contains("vbscript:") { problems.append("script URL in \(attribute)=\(value.prefix(80))") }
                if ["src", "srcset", "poster", "data", "background", "xlink:href", "action", "formaction"].contains(attribute), !isLocal(value),
                   !(name == "img" && attribute == "src" && compact.hasPrefix("data:image/")) {
                    problems.append("external resource \(attribute)=\(value.prefix(80)) in <\(name)>")
                }
                if attribute == "href", name == "link", !isLocal(value) { problems.append("external <link href=\(value.prefix(80))>") }
                if attribute == "href", name == "a" {
                    if compact.hasPrefix("http:") || compact.hasPrefix("https:") {
                        if tag.attributes["rel"] != "noopener noreferrer" { problems.append("external link without rel: \(value.prefix(80))") }
                    } else if !isLocal(value) || compact.hasPrefix("data:") {
                        problems.append("link to a non-http(s) URL: \(value.prefix(80))")
                    }
                }
            }
        }
        return problems
    }

    /// Relative URLs (no scheme, not scheme-relative).
    static func isLocal(_ url: String) -> Bool {
        let compact = url.unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined()
        if compact.hasPrefix("//") || compact.hasPrefix("\\") { return false }
        let head = compact.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !head.contains(":")
    }

    /// Every document URL in a search shard must be one of the site's own pages.
    static func scanShard(_ text: String) -> [String] {
        let prefix = "(window.AFTERMATH_SEARCH = window.AFTERMATH_SEARCH || []).push("
        guard text.hasPrefix(prefix), text.hasSuffix(");\n") else { return ["not a search shard"] }
        let json = text.dropFirst(prefix.count).dropLast(3)
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], let docs = object["d"] as? [[String]] else {
            return ["shard does not parse as JSON"]
        }
        let pattern = try? NSRegularExpression(pattern: "^(incident|evidence)/[a-z0-9-]+\\.html(#L[0-9]+)?$")
        return docs.compactMap { doc in
            let url = doc.first ?? ""
            let ok = pattern?.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
            return ok ? nil : "search result URL \(url.prefix(80))"
        }
    }

    struct Tag {
        var name: String
        var attributes: [String: String]
        var raw: Substring
    }

    /// A small tokenizer for start tags: `<name attr="v" attr='v' attr=v attr>`; comments skipped.
    static func tags(_ text: String) -> [Tag] {
        var result: [Tag] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            guard chars[i] == "<" else { i += 1; continue }
            if i + 3 < chars.count, chars[i + 1] == "!", chars[i + 2] == "-", chars[i + 3] == "-" {
                var j = i + 4
                while j + 2 < chars.count, !(chars[j] == "-" && chars[j + 1] == "-" && chars[j + 2] == ">") { j += 1 }
                i = j + 3
                continue
            }
            guard i + 1 < chars.count, chars[i + 1].properties.isAlphabetic else { i += 1; continue }
            var j = i + 1
            var name = ""
            while j < chars.count, !chars[j].properties.isWhitespace, chars[j] != ">", chars[j] != "/" { name.unicodeScalars.append(chars[j]); j += 1 }
            var attributes: [String: String] = [:]
            while j < chars.count, chars[j] != ">" {
                while j < chars.count, chars[j].properties.isWhitespace || chars[j] == "/" { j += 1 }
                var key = ""
                while j < chars.count, !chars[j].properties.isWhitespace, chars[j] != "=", chars[j] != ">", chars[j] != "/" {
                    key.unicodeScalars.append(chars[j]); j += 1
                }
                while j < chars.count, chars[j].properties.isWhitespace { j += 1 }
                var value = ""
                if j < chars.count, chars[j] == "=" {
                    j += 1
                    while j < chars.count, chars[j].properties.isWhitespace { j += 1 }
                    if j < chars.count, chars[j] == "\"" || chars[j] == "'" {
                        let quote = chars[j]
                        j += 1
                        while j < chars.count, chars[j] != quote { value.unicodeScalars.append(chars[j]); j += 1 }
                        j += 1
                    } else {
                        while j < chars.count, !chars[j].properties.isWhitespace, chars[j] != ">" { value.unicodeScalars.append(chars[j]); j += 1 }
                    }
                }
                if !key.isEmpty { attributes[key.lowercased()] = value }
            }
            let startIndex = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: i)
            let endIndex = text.unicodeScalars.index(startIndex, offsetBy: min(j + 1, chars.count) - i)
            result.append(Tag(name: name, attributes: attributes, raw: Substring(text.unicodeScalars[startIndex..<endIndex])))
            i = j + 1
        }
        return result
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&#39;` `&#NN;` `&#xNN;` decoded.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[rest.startIndex..<amp]
            guard let semi = rest[amp...].prefix(12).firstIndex(of: ";") else { out += "&"; rest = rest[rest.index(after: amp)...]; continue }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
                    out.unicodeScalars.append(s)
                } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let s = Unicode.Scalar(v) {
                    out.unicodeScalars.append(s)
                } else {
                    out += "&" + entity + ";"
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

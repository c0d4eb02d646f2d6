/// Labels from free-form tags.
///
/// A tag written `key=value` (as Alertmanager → Opsgenie tags often are) becomes the label
/// `key` = `value`; any other tag `t` becomes `tag:t` = `"true"`, so tags never overwrite
/// real labels and can still be matched by name.
enum TagLabels {
    static func labels(from tags: [String]) -> [String: String] {
        var labels: [String: String] = [:]
        for raw in tags {
            let tag = raw.trimmingCharacters(in: .whitespaces)
            guard !tag.isEmpty else { continue }
            if let eq = tag.firstIndex(of: "="), eq != tag.startIndex {
                labels[String(tag[..<eq])] = String(tag[tag.index(after: eq)...])
            } else {
                labels["tag:" + tag] = "true"
            }
        }
        return labels
    }
}

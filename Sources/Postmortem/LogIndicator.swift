import Foundation

/// One message template found in an incident's error lines: a candidate for future alerting.
public struct LogIndicator: Sendable, Equatable {
    /// The masked message (`MessageTemplate`).
    public var template: String
    /// The log sources it appeared in, in order of first appearance.
    public var sources: [String]
    /// When it first appeared, and in which evidence item.
    public var firstSeen: Date
    public var evidenceID: String
    /// How many error lines had it, and how many of them came before the alert fired.
    public var count: Int
    public var countBeforeAlert: Int

    /// The templates of `errorLines` (in time order), ranked by how early and how often they
    /// appeared: each template's place by first appearance plus its place by count (lower is
    /// better); ties go to the earlier, then the more frequent. At most `limit`.
    public static func rank(_ errorLines: [EvidenceMoments.Line], alertFiredAt: Date, limit: Int = 10) -> [LogIndicator] {
        var byTemplate: [String: LogIndicator] = [:]
        var order: [String] = []
        for line in errorLines {
            let template = MessageTemplate.make(line.text)
            guard !template.isEmpty else { continue }
            let before = line.at < alertFiredAt ? 1 : 0
            if var known = byTemplate[template] {
                known.count += 1
                known.countBeforeAlert += before
                if !known.sources.contains(line.source) { known.sources.append(line.source) }
                if line.at < known.firstSeen {
                    known.firstSeen = line.at
                    known.evidenceID = line.evidenceID
                }
                byTemplate[template] = known
            } else {
                order.append(template)
                byTemplate[template] = LogIndicator(
                    template: template, sources: [line.source], firstSeen: line.at, evidenceID: line.evidenceID, count: 1,
                    countBeforeAlert: before)
            }
        }
        let all = order.compactMap { byTemplate[$0] }
        let byTime = all.sorted { $0.firstSeen == $1.firstSeen ? $0.template < $1.template : $0.firstSeen < $1.firstSeen }
        let byCount = all.sorted { $0.count == $1.count ? $0.firstSeen < $1.firstSeen : $0.count > $1.count }
        var score: [String: Int] = [:]
        for (place, item) in byTime.enumerated() { score[item.template, default: 0] += place }
        for (place, item) in byCount.enumerated() { score[item.template, default: 0] += place }
        return all.sorted { a, b in
            let sa = score[a.template] ?? 0, sb = score[b.template] ?? 0
            if sa != sb { return sa < sb }
            if a.firstSeen != b.firstSeen { return a.firstSeen < b.firstSeen }
            if a.count != b.count { return a.count > b.count }
            return a.template < b.template
        }.prefix(max(0, limit)).map { $0 }
    }
}

import Foundation

/// What kind of change a change event records.
public enum ChangeKind: String, Sendable, Codable, CaseIterable, Hashable {
    case deploy, rollback, config
    case featureFlag = "feature-flag"
}

/// A change to a service (a deploy, a rollback, a config or feature-flag change): a record of its
/// own, apart from incidents. Incident pages and postmortems show the changes to their services
/// around the first symptom.
public struct ChangeEvent: Sendable, Equatable, Codable {
    /// Where it came from: a webhook source (`github`, `generic`) or `cli`.
    public var source: String
    /// Scoped to `source`: the same change recorded twice is stored once.
    public var dedupKey: String
    public var service: String
    public var kind: ChangeKind
    /// The version or ref deployed (`v1.2.3`, `main`, a commit); may be empty.
    public var version: String
    /// Who made it, where known.
    public var actor: String?
    /// When it happened (the sender's time when plausible, else the receipt time).
    public var at: Date
    public var link: String?
    /// How it ended where the sender says (`success`, `failure`); nil when it does not.
    public var status: String?
    /// The environment it went to (`production`), where the sender says.
    public var environment: String?

    public init(
        source: String, dedupKey: String, service: String, kind: ChangeKind, version: String, actor: String? = nil,
        at: Date, link: String? = nil, status: String? = nil, environment: String? = nil
    ) {
        self.source = source
        self.dedupKey = dedupKey
        self.service = service
        self.kind = kind
        self.version = version
        self.actor = actor
        self.at = at
        self.link = link
        self.status = status
        self.environment = environment
    }

    /// One line: `deploy api v1.2.3 (failure) to production by alice`.
    public var headline: String {
        var line = "\(kind.rawValue) \(service)"
        if !version.isEmpty { line += " \(version)" }
        if let status, status != "success" { line += " (\(status))" }
        if let environment, !environment.isEmpty { line += " to \(environment)" }
        if let actor, !actor.isEmpty { line += " by \(actor)" }
        return line
    }

    /// `12 min before`, `40 s after`, `2h5m before`, `at the same time`: `at` relative to `reference`.
    public static func relative(_ at: Date, to reference: Date) -> String {
        let seconds = at.timeIntervalSince(reference)
        let magnitude = abs(seconds).rounded()
        guard magnitude >= 1 else { return "at the same time" }
        let amount: String
        if magnitude < 60 {
            amount = "\(Int(magnitude)) s"
        } else if magnitude < 7200 {
            amount = "\(Int((magnitude / 60).rounded())) min"
        } else {
            amount = DurationText.format((magnitude / 60).rounded() * 60)
        }
        return amount + (seconds < 0 ? " before" : " after")
    }

    /// `12 min before the first symptom`, `at the first symptom`: how incident pages and
    /// postmortem timelines mark a change.
    public static func relativeToFirstSymptom(_ at: Date, _ firstSymptom: Date) -> String {
        let text = relative(at, to: firstSymptom)
        return text == "at the same time" ? "at the first symptom" : text + " the first symptom"
    }
}

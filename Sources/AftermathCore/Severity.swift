/// How bad an incident is, normalised from whatever the sender calls it.
public enum Severity: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case unknown, info, warning, high, critical

    /// Maps the common spellings (`critical`, `page`, `P1`, `error`, `warn`, `minor`, `low` …) to a level.
    public init(normalising raw: String?) {
        guard let raw else { self = .unknown; return }
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "critical", "crit", "page", "fatal", "emergency", "p1", "sev1", "sev-1", "sev0", "disaster", "major_outage":
            self = .critical
        case "high", "error", "err", "major", "p2", "sev2", "sev-2", "partial_outage":
            self = .high
        case "warning", "warn", "medium", "minor", "average", "p3", "sev3", "sev-3", "degraded_performance":
            self = .warning
        case "info", "informational", "information", "low", "notice", "p4", "p5", "sev4", "sev5", "none", "under_maintenance":
            self = .info
        default:
            self = .unknown
        }
    }

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

import Foundation

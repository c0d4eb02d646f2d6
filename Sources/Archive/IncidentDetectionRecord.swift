import Foundation
import GRDB

/// A row of `incident_detection`: how early the evidence showed trouble compared with the alert,
/// computed when the postmortem is written, so insights aggregate it in SQL.
public struct IncidentDetectionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "incident_detection"

    /// The incident.
    public var incidentID: String
    /// The alert whose firing is the detection (the first to fire).
    public var alertName: String?
    /// When it fired.
    public var alertFiredAt: Date
    /// The earliest signal in the evidence (nil: the evidence held none).
    public var signalAt: Date?
    /// `alertFiredAt − signalAt` in seconds: positive when the evidence was earlier; nil without a signal.
    public var leadSeconds: Double?
    /// `first_error`, `error_burst` or `threshold_crossed`.
    public var signalKind: String?
    /// The log source or alert the signal came from.
    public var signalSource: String?
    /// The evidence item that shows it.
    public var evidenceID: String?
    /// When it was computed.
    public var computedAt: Date

    /// A detection row.
    public init(
        incidentID: String, alertName: String?, alertFiredAt: Date, signalAt: Date?, leadSeconds: Double?, signalKind: String?,
        signalSource: String?, evidenceID: String?, computedAt: Date
    ) {
        self.incidentID = incidentID
        self.alertName = alertName
        self.alertFiredAt = alertFiredAt
        self.signalAt = signalAt
        self.leadSeconds = leadSeconds
        self.signalKind = signalKind
        self.signalSource = signalSource
        self.evidenceID = evidenceID
        self.computedAt = computedAt
    }

    enum CodingKeys: String, CodingKey {
        case incidentID = "incident_id", alertName = "alert_name", alertFiredAt = "alert_fired_at", signalAt = "signal_at"
        case leadSeconds = "lead_seconds", signalKind = "signal_kind", signalSource = "signal_source", evidenceID = "evidence_id"
        case computedAt = "computed_at"
    }
}

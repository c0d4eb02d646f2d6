import Foundation

/// What a Statuspage update says about the status page itself: the state of one of its incidents
/// or components, kept per Aftermath incident so a status page left open after the incident
/// resolved can be noticed.
public struct StatusPageReport: Sendable, Equatable, Codable {
    /// A Statuspage incident or a component.
    public enum Kind: String, Sendable, Equatable, Codable {
        case incident, component
    }

    public var kind: Kind
    /// The Statuspage incident's or component's id.
    public var id: String
    /// Its name as the status page shows it.
    public var name: String
    /// As sent: `investigating`, `resolved`, `operational`, `major_outage` …
    public var status: String
    /// Whether the status page says it is over: an incident `resolved`, `postmortem` or
    /// `completed`; a component `operational`.
    public var isSettled: Bool

    public init(kind: Kind, id: String, name: String, status: String) {
        self.kind = kind
        self.id = id
        self.name = name
        self.status = status
        switch kind {
        case .incident: isSettled = ["resolved", "postmortem", "completed"].contains(status.lowercased())
        case .component: isSettled = status.lowercased() == "operational"
        }
    }
}

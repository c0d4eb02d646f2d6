/// What one generator run did to one incident's postmortem.
public struct PostmortemWriteResult: Sendable, Equatable {
    /// What happened to the file.
    public enum Outcome: Sendable, Equatable {
        /// Written for the first time.
        case created
        /// Written again because it was missing.
        case recreated
        /// Regions and front matter keys refreshed; everything else kept byte for byte.
        case refreshed(regions: [String], keys: [String])
        /// Already up to date.
        case unchanged
        /// `status: final`: left exactly as it is.
        case final
    }

    /// The incident it belongs to.
    public var incidentID: String
    /// The file name inside the postmortems directory.
    public var file: String
    /// The full path.
    public var path: String
    /// What happened to the file.
    public var outcome: Outcome
    /// Regions the template has but the file no longer marks: the generator left them to people.
    public var personOwnedRegions: [String]
    /// The front matter's `status` after the run.
    public var documentStatus: String

    /// One line for people: `created archive/postmortems/2026-11-27-x.md`.
    public var message: String {
        var text: String
        switch outcome {
        case .created: text = "created \(path)"
        case .recreated: text = "re-created \(path) (the file was missing)"
        case .refreshed(let regions, let keys):
            let parts = (regions.isEmpty ? [] : ["regions " + regions.joined(separator: ", ")])
                + (keys.isEmpty ? [] : ["front matter " + keys.joined(separator: ", ")])
            text = "refreshed \(path): \(parts.joined(separator: "; "))"
        case .unchanged: text = "\(path) is up to date"
        case .final: text = "\(path) has status: final; left unchanged"
        }
        if !personOwnedRegions.isEmpty, outcome != .final {
            text += " (markers removed, left to people: \(personOwnedRegions.joined(separator: ", ")))"
        }
        return text
    }
}

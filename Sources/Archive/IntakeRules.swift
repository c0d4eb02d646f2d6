import Foundation

/// How signals join incidents.
public struct IntakeRules: Sendable {
    /// A recurring source that fires again within this long of its incident resolving reopens it.
    public var reopenWindow: TimeInterval

    public init(reopenWindow: TimeInterval = 600) {
        self.reopenWindow = reopenWindow
    }
}

import Synchronization

/// A metrics item's charts, drawn for whichever of its two pages (the incident's and its own) is
/// rendered first and taken by the other: decoding the stored series and drawing them cost as much as
/// the rest of both pages. Keyed by incident and item, since the marks drawn come from the incident.
final class ChartCache: Sendable {
    private let figures = Mutex<[String: [String]]>([:])

    /// The charts of `itemID` on `incidentID`'s marks, drawn by `draw` unless the other page left them.
    func charts(incidentID: String?, itemID: String, draw: () async throws -> [String]) async rethrows -> [String] {
        let key = (incidentID ?? "") + "\u{1F}" + itemID
        if let cached = figures.withLock({ $0.removeValue(forKey: key) }) { return cached }
        let drawn = try await draw()
        figures.withLock { $0[key] = drawn }
        return drawn
    }
}

import AftermathCore
import Archive
import Foundation
import Server
import Settings

extension AppDatabase {
    /// Incidents flagged at `now` for a status page still open after they resolved
    /// (`statuspage.reminder_after`), by incident id.
    func statusPageFlags(_ config: AftermathConfig, now: Date) async throws -> [String: StatusPageFollowUp] {
        var flags: [String: StatusPageFollowUp] = [:]
        for followUp in try await statusPageFollowUps(timing: StatusPageTiming(config.statuspage)) where followUp.isFlagged(at: now) {
            flags[followUp.incidentID] = followUp
        }
        return flags
    }
}

import AftermathCore
import Archive
import Foundation

/// The banner of an incident that resolved while its status page still shows it open (after
/// `statuspage.reminder_after`): what the status page says, since when, and how often it was reminded.
struct StatusPageBanner {
    let followUp: StatusPageFollowUp

    /// Hash of what the banner shows.
    var hash: UInt64 {
        var h = ContentHasher()
        h.combine(followUp.flaggedAt)
        h.combine(Int64(followUp.reminders))
        for link in followUp.openLinks {
            h.combine(link.kind.rawValue)
            h.combine(link.name)
            h.combine(link.status)
        }
        return h.value
    }

    /// Template values; every text is made visible here and escaped by the template.
    var context: [String: Any] {
        var context: [String: Any] = [
            "links": followUp.openLinks.map { ["sentence": HTML.visible($0.sentence)] },
            "resolved": Display.timeContext(followUp.resolvedAt),
            "flagged": Display.timeContext(followUp.flaggedAt),
        ]
        if followUp.reminders > 0 {
            context["reminders"] = followUp.reminders == 1 ? "1 reminder" : "\(followUp.reminders) reminders"
        }
        return context
    }
}

import AftermathCore
import Archive
import Foundation
import Settings

/// The body one queued notification is sent as, in its target's format.
enum NotificationBody {
    /// Slack's incoming-webhook form.
    struct Slack: Encodable {
        let text: String
    }

    /// The generic JSON form.
    struct Generic: Encodable {
        struct Incident: Encodable {
            let id: String
            let title: String?
        }

        // Absent values are written as `null`, so every body has every key.
        let event: String
        @NullWhenAbsent var incident: Incident?
        let text: String
        @NullWhenAbsent var link: String?
    }

    /// The JSON bytes for `record` in `format`.
    static func render(_ record: NotificationRecord, format: NotifyTarget.Format) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch format {
        case .slack:
            var text = slackEscaped(record.text)
            if let link = record.link { text += "\n" + slackLink(link) }
            return Array(try encoder.encode(Slack(text: text)))
        case .json:
            let incident = record.incidentID.map { Generic.Incident(id: $0, title: record.incidentTitle) }
            return Array(try encoder.encode(Generic(event: record.event.rawValue, incident: incident, text: record.text, link: record.link)))
        }
    }

    /// Text for Slack's mrkdwn: `&`, `<` and `>` escaped, so an incident title cannot mention
    /// `<!channel>` or forge a link.
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `<url|incident page>` when the URL cannot break out of Slack's link syntax, else the URL as text.
    static func slackLink(_ url: String) -> String {
        url.contains(where: { "<>| ".contains($0) }) ? slackEscaped(url) : "<\(url)|incident page>"
    }
}

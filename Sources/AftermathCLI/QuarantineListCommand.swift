import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath quarantine list [--json]`: every quarantined or opaque delivery with its reason.
struct QuarantineListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List quarantined and opaque deliveries, newest first.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "At most this many deliveries.")
    var limit: Int?

    @Flag(help: "Print JSON records (the body as text, or base64 when it is not UTF-8).")
    var json = false

    struct Entry: Encodable {
        let id: Int64
        let source: String
        let received_at: String
        let disposition: String
        let error: String?
        let size: Int
        let body_sha256: String
        let body: String?
        let body_base64: String?
    }

    func run() async throws {
        let config = try global.loadConfig()
        let database = try global.openDatabase(config)
        let deliveries = try await database.quarantinedDeliveries(limit: limit)
        if json {
            print(try JSONText.pretty(deliveries.map { d in
                let text = String(data: d.body, encoding: .utf8)
                return Entry(
                    id: d.id, source: d.source.rawValue, received_at: Timestamp.format(d.receivedAt),
                    disposition: d.disposition.rawValue, error: d.error, size: d.body.count, body_sha256: d.bodySHA256,
                    body: text, body_base64: text == nil ? d.body.base64EncodedString() : nil)
            }))
            return
        }
        if deliveries.isEmpty {
            print("quarantine is empty")
            return
        }
        print(TextTable.render(
            header: ["DELIVERY", "SOURCE", "RECEIVED (UTC)", "KIND", "BYTES", "REASON"],
            rows: deliveries.map { [String($0.id), $0.source.rawValue, Timestamp.format($0.receivedAt), $0.disposition.rawValue, String($0.body.count), $0.error ?? ""] }))
    }
}

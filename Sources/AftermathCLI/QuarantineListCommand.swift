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

        init(_ d: DeliveryRecord) {
            (id, source, received_at, disposition) = (d.id, d.source.rawValue, Timestamp.format(d.receivedAt), d.disposition.rawValue)
            (error, size, body_sha256) = (d.error, d.body.count, d.bodySHA256)
            body = String(data: d.body, encoding: .utf8)
            body_base64 = body == nil ? d.body.base64EncodedString() : nil
        }
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        let deliveries = try await database.quarantinedDeliveries(limit: limit)
        try Self.listing.print(deliveries, json: json, record: Entry.init, none: "quarantine is empty")
    }

    static let listing = Listing<DeliveryRecord>(
        header: ["DELIVERY", "SOURCE", "RECEIVED (UTC)", "KIND", "BYTES", "REASON"],
        cells: { [String($0.id), $0.source.rawValue, Timestamp.format($0.receivedAt), $0.disposition.rawValue, String($0.body.count), $0.error ?? ""] })
}

import AftermathCore
import Archive
import Foundation
import Intake
import Settings
import Synchronization

extension FuzzTarget {
    /// The archive the `intake` target writes to (`AFTERMATH_FUZZ_ARCHIVE`, or one per process on a
    /// memory-backed file system when there is one, `/dev/shm`, so a synced commit costs no disk).
    public static let archiveDirectory: String = {
        if let chosen = ProcessInfo.processInfo.environment["AFTERMATH_FUZZ_ARCHIVE"], !chosen.isEmpty { return chosen }
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (base as NSString).appendingPathComponent("aftermath-fuzz-\(getpid())")
    }()

    static let archive = try! AppDatabase(directory: archiveDirectory)

    /// The first byte picks the source, the rest is its body. What parses is stored through the
    /// intake transaction, then every incident it touched is read back: a value the archive can
    /// write but not read (a year-10000 date) would poison every later delivery of that incident,
    /// so a failed read-back is a crash here.
    static func storeAndReadBack(_ data: [UInt8]) {
        guard let first = data.first else { return }
        let sources = WebhookSource.allCases
        let source = sources[Int(first) % sources.count]
        let body = Array(data.dropFirst())
        let request = WebhookRequest(source: source, headers: [("X-Webhook-Id", UUID().uuidString)], body: body, receivedAt: Date())
        let config = source == .statuspage ? statuspageSource : SourceConfig()
        guard let parsed = try? PayloadParser.parse(request, source: config, intake: IntakeConfig()) else { return }
        let delivery = IncomingDelivery(
            source: source, dedupKey: parsed.dedupKey, receivedAt: request.receivedAt, headers: [], body: body,
            disposition: .applied, signals: parsed.signals)
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                let outcome = try await archive.record(delivery, rules: IntakeRules(), ids: RandomIncidentIDs())
                for change in outcome.changes {
                    guard try await archive.incident(id: change.incidentID) != nil else {
                        failure.set("incident \(change.incidentID) vanished")
                        break
                    }
                }
            } catch {
                failure.set("\(error)")
            }
            done.signal()
        }
        done.wait()
        if let message = failure.message { fatalError("intake stored what it cannot read back: \(message)") }
    }

    /// The one message a background task leaves for the fuzz callback.
    final class FailureBox: Sendable {
        private let text = Mutex<String?>(nil)
        func set(_ value: String) { text.withLock { $0 = value } }
        var message: String? { text.withLock { $0 } }
    }
}

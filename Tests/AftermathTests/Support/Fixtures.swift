import Foundation

/// The webhook samples in Fixtures/webhooks; where each one comes from is in PROVENANCE.md beside them.
enum Fixtures {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    /// The exact bytes of `webhooks/<name>`.
    static func webhook(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent("webhooks/\(name)")))
    }

    static func webhookText(_ name: String) throws -> String {
        String(decoding: try webhook(name), as: UTF8.self)
    }
}

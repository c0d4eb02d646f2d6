// IncidentBundle owns the portable form of one incident: export to a BagIt tar.gz with its own small
// site, verification, and import into another archive. It reads and writes the archive only through
// Archive's methods and renders only through Site; it must not define the archive's stored format.

import AftermathCore
import Archive
import Foundation
import PostmortemFormat
import Redaction
import Settings
import Site

/// What an export wrote.
public struct ExportResult: Sendable, Equatable {
    public var path: String
    public var digest: String
    public var bytes: Int
    public var files: Int
    public var evidenceItems: Int
    public var sitePages: Int
}

/// Writes one incident as a bundle: its rows as JSON, each evidence item as a file, the postmortem,
/// a small static site of that incident (the Site module's own builder, run over a scratch archive
/// holding only this incident), BagIt manifests, all in one `.tar.gz`.
public struct BundleExporter: Sendable {
    public let database: AppDatabase
    public let config: AftermathConfig
    /// Written into `bag-info.txt`.
    public let softwareVersion: String

    public init(database: AppDatabase, config: AftermathConfig, softwareVersion: String) {
        self.database = database
        self.config = config
        self.softwareVersion = softwareVersion
    }

    /// Exports incident `id` to `out` (default `./aftermath-incident-<id>.tar.gz`; never overwritten).
    public func export(incidentID id: String, to out: String?, now: Date) async throws -> ExportResult {
        guard var copy = try await database.incidentCopy(id: id) else {
            throw BundleFailure("no incident '\(id)' (see `aftermath incident list`)")
        }
        let path = out ?? "aftermath-incident-\(id).tar.gz"
        guard !FileManager.default.fileExists(atPath: path) else { throw BundleFailure("\(path) exists; choose another --out") }
        var postmortem: (name: String, text: String)?
        if let name = copy.postmortem?.file {
            let file = (config.postmortemsDirectory as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: file) { postmortem = (name, String(decoding: data, as: UTF8.self)) }
        }
        copy.changes = try await changes(copy.incident, postmortem: postmortem?.text)
        var payload = try BundleCodec.payload(copy, postmortem: postmortem, redaction: try redactionSummary(copy, postmortem: postmortem?.text))
        let site = try await buildSite(copy, postmortem: postmortem, now: now)
        for (relative, bytes) in site { payload["data/site/" + relative] = bytes }

        var files = payload
        files[BagIt.bagit] = Array(BagIt.declaration.utf8)
        files["README.txt"] = Array(readme(copy, postmortem: postmortem?.name, now: now).utf8)
        files[BagIt.info] = Array(BagIt.info([
            ("Source-Organization", config.siteOptions.title),
            ("External-Identifier", "aftermath:\(copy.archiveID):incident:\(copy.incident.id)"),
            ("External-Description", "Incident \(copy.incident.id): \(copy.incident.title)"),
            ("Bagging-Date", String(Timestamp.format(now).prefix(10))),
            ("Bag-Software-Agent", softwareVersion),
            ("Payload-Oxum", BagIt.oxum(payload)),
            ("Aftermath-Format", BundleCodec.format),
            ("Aftermath-Archive-ID", copy.archiveID),
            ("Aftermath-Incident-ID", copy.incident.id),
            ("Aftermath-Exported-At", Timestamp.format(now)),
            ("Aftermath-Chain-Head", "ev-\(copy.chainHeadSeq) \(copy.chainHeadHash)"),
            ("Aftermath-Redaction", "applied before storage; see data/redaction.json"),
        ]).utf8)
        files[BagIt.payloadManifest] = Array(BagIt.manifest(payload).utf8)
        let tagFiles = [BagIt.bagit, BagIt.info, BagIt.payloadManifest, "README.txt"]
        files[BagIt.tagManifest] = Array(BagIt.manifest(files.filter { tagFiles.contains($0.key) }).utf8)

        let top = "aftermath-incident-\(Slug.make(copy.incident.id))"
        var entries = [Ustar.Entry(path: top, data: [], isDirectory: true)]
        for name in files.keys.sorted() { entries.append(Ustar.Entry(path: top + "/" + name, data: files[name] ?? [])) }
        let archive = try Gzip.compress(try Ustar.write(entries, mtime: Int64(now.timeIntervalSince1970)))
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(archive)) else {
            throw BundleFailure("cannot write \(temporary)")
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        let digest = BagIt.sha256(files[BagIt.tagManifest] ?? [])
        try await database.recordExport(incidentID: id, digest: digest, file: path, evidenceCount: copy.evidence.count, at: now)
        return ExportResult(path: path, digest: digest, bytes: archive.count, files: files.count, evidenceItems: copy.evidence.count,
                            sitePages: site.keys.filter { $0.hasSuffix(".html") }.count)
    }

    /// The changes the incident's page lists (`ChangeWindow`), so the bundle's site and an import show them too.
    private func changes(_ incident: IncidentRecord, postmortem: String?) async throws -> [ChangeRecord] {
        let frontMatter = postmortem.flatMap { PostmortemDocument.split($0).frontMatter }.flatMap { try? FrontMatter.parse(yaml: $0) }
        let window = ChangeWindow(
            startedAt: incident.startedAt, resolvedAt: incident.status == .resolved ? incident.resolvedAt : nil,
            postmortemStarted: frontMatter?.started, lookback: config.capture.lookback)
        return try await database.changes(services: incident.services, from: window.from, to: window.to)
    }

    /// The site of this incident alone: a scratch archive gets the incident through the same import
    /// an archive would do (ids kept, it being empty), and the Site module builds it.
    private func buildSite(_ copy: IncidentCopy, postmortem: (name: String, text: String)?, now: Date) async throws -> [String: [UInt8]] {
        let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("aftermath-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let archive = (scratch as NSString).appendingPathComponent("archive")
        let postmortems = (archive as NSString).appendingPathComponent("postmortems")
        let output = (scratch as NSString).appendingPathComponent("site")
        try FileManager.default.createDirectory(atPath: postmortems, withIntermediateDirectories: true)
        let scratchDatabase = try AppDatabase(directory: archive)
        let imported = try await scratchDatabase.importIncident(copy, digest: "export-\(UUID().uuidString)", postmortem: postmortem, now: now)
        if let pm = imported.postmortem {
            try pm.text.write(toFile: (postmortems as NSString).appendingPathComponent(pm.file), atomically: true, encoding: .utf8)
        }
        var options = SiteOptions(config: config, outputDirectory: output)
        options.postmortemsDirectory = postmortems
        options.title = "\(config.siteOptions.title) · incident \(copy.incident.id)"
        options.searchShards = 1
        do {
            _ = try await SiteBuilder(database: scratchDatabase, options: options).build()
        } catch {
            throw BundleFailure("the bundle's site could not be built: \(error)")
        }
        try scratchDatabase.close()
        var pages: [String: [UInt8]] = [:]
        guard let walker = FileManager.default.enumerator(atPath: output) else { return pages }
        while let relative = walker.nextObject() as? String {
            let full = (output as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !(relative as NSString).lastPathComponent.hasPrefix(".") else { continue }
            pages[relative] = Array(FileManager.default.contents(atPath: full) ?? Data())
        }
        return pages
    }

    /// `data/redaction.json`: which rules the exporting archive runs, how many replacements each item
    /// recorded, and which rules' markers appear in the bundle's text.
    private func redactionSummary(_ copy: IncidentCopy, postmortem: String?) throws -> Data {
        var markers: [String: Int] = [:]
        func scan(_ bytes: Data) {
            let text = String(decoding: bytes, as: UTF8.self)
            var rest = text[...]
            while let start = rest.range(of: "[REDACTED:") {
                guard let end = rest[start.upperBound...].firstIndex(of: "]") else { break }
                let rule = String(rest[start.upperBound..<end])
                if rule.count <= 64 { markers[rule, default: 0] += 1 }
                rest = rest[end...]
            }
        }
        for item in copy.evidence { scan(item.content) }
        for delivery in copy.deliveries { scan(delivery.body ?? Data()) }
        for event in copy.timeline { scan(Data(event.text.utf8)) }
        if let postmortem { scan(Data(postmortem.utf8)) }
        struct Summary: Encodable {
            let applied: String
            let builtInRules: [String]
            let configuredRules: [String]
            let configuredKeywords: Int
            let replacementsPerItem: [String: Int]
            let markersInBundle: [String: Int]
            enum CodingKeys: String, CodingKey {
                case applied
                case builtInRules = "built_in_rules", configuredRules = "configured_rules", configuredKeywords = "configured_keywords"
                case replacementsPerItem = "replacements_per_item", markersInBundle = "markers_in_bundle"
            }
        }
        let summary = Summary(
            applied: "Every stored field was redacted before it was stored (at intake and capture); this bundle adds no redaction "
                + "of its own. The rules listed are those the exporting archive was configured with when the bundle was made "
                + "(configured keywords are counted, not listed).",
            builtInRules: Redactor.builtInRuleNames, configuredRules: config.redaction.rules.map(\.name),
            configuredKeywords: config.redaction.keywords.count,
            replacementsPerItem: Dictionary(uniqueKeysWithValues: copy.evidence.map { ($0.summary.id, $0.summary.redactions) }),
            markersInBundle: markers)
        return try BundleCodec.encoder.encode(summary)
    }

    private func readme(_ copy: IncidentCopy, postmortem: String?, now: Date) -> String {
        """
        Aftermath incident bundle: incident \(copy.incident.id), "\(SingleLine.controlsSpaced(copy.incident.title))"
        Exported \(Timestamp.format(now)) from archive \(copy.archiveID) by \(softwareVersion).

        Open data/site/index.html in a browser: it works from file://, with no network.
        \(postmortem.map { "The postmortem is data/postmortem/\($0)." } ?? "The incident had no postmortem file when it was exported.")
        The incident, its alerts and its timeline are data/incident.json, data/alerts.json and data/timeline.json;
        data/changes.json lists the changes to its services around it (deploys, rollbacks, config, flags).
        Each evidence item is a file under data/evidence/; data/chain.json gives each one's SHA-256 and its place
        in the archive's evidence chain; data/redaction.json says which redaction rules ran.

        Check that nothing changed, without the archive:
          aftermath verify --bundle THIS-FILE
          python3 tools/aftermath-check.py --bundle THIS-FILE     (Python standard library only)
          or any BagIt (RFC 8493) validator.
        Compare the digest (SHA-256 of tagmanifest-sha256.txt) with the one the sender gave you.
        The format is described in ARCHIVE-FORMAT.md, section "Incident bundles".

        """
    }
}

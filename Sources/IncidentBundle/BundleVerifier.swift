import Archive
import Foundation

/// One finding about a bundle, naming the file.
public struct BundleProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// What checking a bundle found.
public struct BundleCheck: Sendable, Equatable {
    public var files: Int
    public var evidenceItems: Int
    public var incidentID: String
    public var archiveID: String
    public var digest: String
    public var problems: [BundleProblem]
    public var ok: Bool { problems.isEmpty }
}

/// Checks a bundle with nothing but its own files: the tag manifest, the payload manifest (every
/// file listed, present and unchanged, nothing added) and each evidence item's chain link.
public enum BundleVerifier {
    public static func check(_ bundle: BundleContents) -> BundleCheck {
        var problems: [BundleProblem] = []
        func problem(_ file: String, _ reason: String) { problems.append(BundleProblem(file: file, reason: reason)) }
        let files = bundle.files
        var result = BundleCheck(files: files.count, evidenceItems: 0, incidentID: "", archiveID: "", digest: bundle.digest, problems: [])
        for required in [BagIt.bagit, BagIt.payloadManifest, BagIt.tagManifest, "data/chain.json"] where files[required] == nil {
            problem(required, "missing")
        }
        guard problems.isEmpty else {
            result.problems = problems
            return result
        }
        do {
            for (path, digest) in try BagIt.parse(String(decoding: files[BagIt.tagManifest] ?? [], as: UTF8.self), name: BagIt.tagManifest) {
                guard let bytes = files[path] else {
                    problem(path, "missing (listed in \(BagIt.tagManifest))")
                    continue
                }
                let actual = BagIt.sha256(bytes)
                if actual != digest { problem(path, "changed: SHA-256 is \(actual), \(BagIt.tagManifest) records \(digest)") }
            }
            let listed = try BagIt.parse(String(decoding: files[BagIt.payloadManifest] ?? [], as: UTF8.self), name: BagIt.payloadManifest)
            for (path, digest) in listed {
                guard let bytes = files[path] else {
                    problem(path, "missing (listed in \(BagIt.payloadManifest))")
                    continue
                }
                let actual = BagIt.sha256(bytes)
                if actual != digest { problem(path, "changed: SHA-256 is \(actual), \(BagIt.payloadManifest) records \(digest)") }
            }
            let known = Set(listed.map(\.path))
            for path in files.keys.sorted() where path.hasPrefix("data/") && !known.contains(path) {
                problem(path, "not listed in \(BagIt.payloadManifest) (added)")
            }
        } catch {
            problem(error is BundleFailure ? "manifest" : "bundle", "\(error)")
        }
        do {
            let chain = try BundleCodec.decoder.decode(BundleCodec.Chain.self, from: Data(files["data/chain.json"] ?? []))
            result.incidentID = chain.incidentID
            result.archiveID = chain.archiveID
            result.evidenceItems = chain.items.count
            for item in chain.items {
                let link = EvidenceChain.link(previous: item.prevHash, contentSHA256: item.sha256, metadata: item.metadata)
                if link != item.chainHash {
                    problem("data/chain.json", "\(item.id): the chain hash does not match its previous hash, SHA-256 and metadata")
                }
                let fields = (try? JSONDecoder().decode([String: String].self, from: Data(item.metadata.utf8))) ?? [:]
                if fields["id"] != item.id || fields["size"] != String(item.size) {
                    problem("data/chain.json", "\(item.id): its metadata names another item or size")
                }
                guard item.contentRemovedAt == nil else { continue }
                guard let file = item.file, let bytes = files[file] else {
                    problem(item.file ?? "data/evidence/\(item.id)", "missing (evidence \(item.id))")
                    continue
                }
                let actual = BagIt.sha256(bytes)
                if actual != item.sha256 {
                    problem(file, "changed: SHA-256 is \(actual), the evidence chain records \(item.sha256) for \(item.id)")
                }
            }
        } catch {
            problem("data/chain.json", "does not read: \(error)")
        }
        // A file changed and listed twice (manifest and chain) is named once per finding; keep each once.
        var seen = Set<String>()
        result.problems = problems.filter { seen.insert($0.description).inserted }
        return result
    }
}

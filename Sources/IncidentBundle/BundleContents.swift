import Foundation

/// A bundle's files by path inside its top directory (`bagit.txt`, `data/incident.json`, …), read
/// from a `.tar.gz` or from the directory it was unpacked into.
public struct BundleContents: Sendable {
    /// The top directory (`aftermath-incident-k3x9qa7m`).
    public var topDirectory: String
    public var files: [String: [UInt8]]

    /// Reads `path`: a gzip-compressed tar, or a directory holding `bagit.txt`.
    public static func read(path: String) throws -> BundleContents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BundleFailure("\(path): no such file or directory")
        }
        if isDirectory.boolValue { return try readDirectory(path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw BundleFailure("\(path): cannot be read") }
        let tar: [UInt8]
        do {
            tar = try Gzip.decompress(Array(data))
        } catch let failure as Gzip.Failure {
            throw BundleFailure("\(path): \(failure.description)")
        }
        let entries: [Ustar.Entry]
        do {
            entries = try Ustar.read(tar)
        } catch let failure as Ustar.Failure {
            throw BundleFailure("\(path): \(failure.description)")
        }
        var files: [String: [UInt8]] = [:]
        var top: String?
        for entry in entries where !entry.isDirectory {
            let parts = entry.path.split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { throw BundleFailure("\(path): \(entry.path) is outside the bundle's top directory") }
            if top == nil { top = String(parts[0]) }
            guard top == String(parts[0]) else { throw BundleFailure("\(path): \(entry.path) is outside the top directory \(top ?? "")") }
            guard files[String(parts[1])] == nil else { throw BundleFailure("\(path): \(entry.path) appears twice") }
            files[String(parts[1])] = entry.data
        }
        return BundleContents(topDirectory: top ?? "", files: files)
    }

    private static func readDirectory(_ root: String) throws -> BundleContents {
        var files: [String: [UInt8]] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root) else { throw BundleFailure("\(root): cannot be listed") }
        while let relative = walker.nextObject() as? String {
            let full = (root as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = fm.contents(atPath: full) else { throw BundleFailure("\(full): cannot be read") }
            files[relative] = Array(data)
        }
        return BundleContents(topDirectory: (root as NSString).lastPathComponent, files: files)
    }

    /// The bundle's digest: SHA-256 of `tagmanifest-sha256.txt`, which covers the payload manifest,
    /// which covers every file. `export` prints it; the exporting archive records it.
    public var digest: String { BagIt.sha256(files[BagIt.tagManifest] ?? []) }
}

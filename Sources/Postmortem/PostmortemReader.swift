import PostmortemFormat

/// What regeneration reads from a file people edit — its front matter, the key blocks, the
/// machine regions — and the merge with a fresh rendering: the bytes no one controls.
/// Public so the fuzz targets drive exactly the code the generator runs.
public enum PostmortemReader {
    /// An edited file as the generator sees it.
    public struct Inspection: Sendable, Equatable {
        public var status: String?
        public var keys: [String]
        public var intactRegions: [String]
        public var brokenRegions: [String]
    }

    /// Reads `bytes`; throws when the front matter is missing, unterminated or not a mapping.
    public static func inspect(_ bytes: [UInt8]) throws -> Inspection {
        let document = try PostmortemDocument(bytes)
        let regions = RegionScanner.scan(document.lines, from: document.bodyFirstLine)
        return Inspection(
            status: try document.status()?.text, keys: document.keyBlocks().map(\.key),
            intactRegions: regions.intact.keys.sorted(), brokenRegions: regions.broken.sorted())
    }

    /// `existing` refreshed from `fresh` as the generator refreshes a file: only intact regions and
    /// machine keys change. Nil when either has no front matter.
    public static func refresh(existing: [UInt8], fresh: [UInt8], frontMatter: FrontMatter) -> [UInt8]? {
        guard let mine = try? PostmortemDocument(existing), let theirs = try? PostmortemDocument(fresh) else { return nil }
        return PostmortemMerge.merge(existing: mine, fresh: theirs, frontMatter: frontMatter).bytes
    }
}

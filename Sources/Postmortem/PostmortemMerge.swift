import PostmortemFormat

/// Refreshes an existing postmortem from a freshly rendered one, touching only what the generator
/// owns: the inside of intact regions and the machine keys of the front matter. Every other byte
/// of the existing file is kept exactly.
enum PostmortemMerge {
    /// What a merge changed.
    struct Result {
        var bytes: [UInt8]
        /// Regions whose inside changed.
        var refreshedRegions: [String]
        /// Front matter keys whose line changed.
        var refreshedKeys: [String]
        /// Regions the fresh document has but the existing one no longer marks: the person's now.
        var personOwnedRegions: [String]
    }

    private struct Edit {
        var range: Range<Int>
        var replacement: [UInt8]
    }

    static func merge(existing: PostmortemDocument, fresh: PostmortemDocument, frontMatter: FrontMatter) -> Result {
        var edits: [Edit] = []
        var refreshedKeys: [String] = []
        for block in existing.keyBlocks() where FrontMatter.machineKeys.contains(block.key) {
            let replacement = [UInt8].withLineTerminator(frontMatter.line(block.key) + "\n", block.terminator)
            guard Array(existing.bytes[block.range]) != replacement else { continue }
            edits.append(Edit(range: block.range, replacement: replacement))
            refreshedKeys.append(block.key)
        }

        let mine = RegionScanner.scan(existing.lines, from: existing.bodyFirstLine)
        let theirs = RegionScanner.scan(fresh.lines, from: fresh.bodyFirstLine)
        var refreshedRegions: [String] = []
        for (name, region) in mine.intact {
            guard let source = theirs.intact[name] else { continue }
            let text = String(decoding: fresh.bytes[source.inside], as: UTF8.self)
            let replacement = [UInt8].withLineTerminator(text, existing.lines.terminator(region.beginLine))
            guard Array(existing.bytes[region.inside]) != replacement else { continue }
            edits.append(Edit(range: region.inside, replacement: replacement))
            refreshedRegions.append(name)
        }

        var bytes = existing.bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: edit.replacement)
        }
        let personOwned = theirs.intact.keys.filter { mine.intact[$0] == nil }
        return Result(
            bytes: bytes, refreshedRegions: order(refreshedRegions), refreshedKeys: refreshedKeys,
            personOwnedRegions: order(Array(personOwned)))
    }

    /// Known region names first in document order, others alphabetically.
    private static func order(_ names: [String]) -> [String] {
        names.sorted { a, b in
            let ia = RegionScanner.knownNames.firstIndex(of: a) ?? Int.max
            let ib = RegionScanner.knownNames.firstIndex(of: b) ?? Int.max
            return ia == ib ? a < b : ia < ib
        }
    }
}

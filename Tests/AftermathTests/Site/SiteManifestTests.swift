import Foundation
import PostmortemFormat
@testable import Site
import Testing

/// The incremental-build manifest round-trips every field, awkward text included.
@Suite("Site manifest")
struct SiteManifestTests {
    @Test("Pages and postmortem entries survive encode → decode")
    func roundTrip() throws {
        var manifest = SiteManifest()
        manifest.pages["index.html"] = 0xdead_beef
        manifest.pages["incident/a b\t.html"] = 1
        manifest.postmortems["x.md"] = PostmortemFile(
            name: "x.md", modified: 1_700_000_000_123_456_789, size: 42, hash: .max,
            frontMatter: FrontMatter(id: "abc", title: "tab\there\nnewline \\N back\\slash", status: .inReview, services: ["a", "b c"],
                                               started: "2026-11-19T08:26:40Z", owner: nil),
            error: nil)
        manifest.postmortems["broken.md"] = PostmortemFile(name: "broken.md", modified: 1, size: 2, hash: 3, frontMatter: nil, error: "no `id`")
        let dir = try TemporaryDirectory()
        let path = try dir.write("m", manifest.encoded())
        #expect(SiteManifest.load(path: path) == manifest)
        #expect(SiteManifest.load(path: dir.file("absent")) == SiteManifest())
        let junk = try dir.write("junk", "not a manifest\nP\tindex.html\t00")
        #expect(SiteManifest.load(path: junk).pages.isEmpty)
    }
}

import AftermathCore
@testable import Archive
import Foundation
import Postmortem
import Testing

/// Safe, bounded, unique file names whatever the alert name holds.
@Suite("Postmortem file names")
struct PostmortemFileNameTests {
    @Test("Slugs", arguments: [
        ("Disk almost full on storage", "disk-almost-full-on-storage"),
        ("../../etc/passwd", "etc-passwd"),
        ("Café ÜBER-Straße — naïve", "cafe-uber-strasse-naive"),
        ("line1\nline2\r\n\tline3", "line1-line2-line3"),
        ("\u{202E}gnp.exe", "gnp-exe"),
        ("🔥🔥🔥", "incident"),
        ("   ", "incident"),
        ("...", "incident"),
        ("日本語のアラート", "incident"),
    ])
    func slug(_ title: String, _ expected: String) {
        #expect(PostmortemFileName.slug(title) == expected)
    }

    @Test("A slug is at most 60 characters and never ends in a dash")
    func bounded() {
        let slug = PostmortemFileName.slug(String(repeating: "ab-", count: 100))
        #expect(slug.count <= 60)
        #expect(!slug.hasSuffix("-"))
    }

    @Test("Hostile titles produce safe, distinct files inside the postmortems directory")
    func hostileTitles() async throws {
        let world = try PostmortemWorld(deadline: 60)
        let titles = [
            "../../etc/passwd", "../../etc/passwd", "a\nb\n../c", "\u{202E}txt.exe", "🔥 fire 🔥", "🔥", "",
            "/absolute/path", String(repeating: "very long title ", count: 20), "CON", ".hidden",
        ]
        var ids: [String] = []
        for title in titles {
            ids.append(try #require(try await world.record([PostmortemWorld.signal(title: title)]).changes.first?.incidentID))
        }
        world.clock.set(PostmortemWorld.t0 + 3600)
        let written = try await world.scheduler().writeDue()
        #expect(written.count == titles.count)
        let directory = URL(fileURLWithPath: world.config.postmortemsDirectory).standardizedFileURL.path
        var names: Set<String> = []
        for result in written {
            #expect(URL(fileURLWithPath: result.path).standardizedFileURL.deletingLastPathComponent().path == directory)
            #expect(result.file.range(of: #"^2026-11-27-[a-z0-9-]{1,60}\.md$"#, options: .regularExpression) != nil, "\(result.file)")
            #expect(FileManager.default.fileExists(atPath: result.path))
            names.insert(result.file)
        }
        #expect(names.count == titles.count, "every incident has its own file")
        #expect(names.contains("2026-11-27-etc-passwd.md"))
        #expect(names.contains("2026-11-27-etc-passwd-\(ids[1]).md"))
        #expect(names.contains("2026-11-27-incident.md"))
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(Set(listing) == names, "nothing written anywhere else")
    }

    @Test("The name stays once assigned, even when the title changes")
    func stable() async throws {
        let world = try PostmortemWorld()
        let id = try #require(try await world.record([PostmortemWorld.signal(title: "first", key: "k")]).changes.first?.incidentID)
        let generator = try world.generator()
        let first = try await generator.generate(incidentID: id, editor: "t").file
        try await world.database.writer.write { db in try db.execute(sql: "UPDATE incident SET title = 'renamed'") }
        #expect(try await generator.generate(incidentID: id, editor: "t").file == first)
    }
}

import AftermathCore
import Archive
import Foundation
import Postmortem
import PostmortemFormat
@testable import Site
import Testing

/// The file format is one contract: what the generator writes, the site reads the same way.
@Suite("Postmortem format contract between the generator and the site")
struct PostmortemFormatContractTests {
    @Test("A generated postmortem reads back on the site with the same front matter, status, regions and citations")
    func generatorToSite() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        let facts = try #require(try await PostmortemFacts.load(world.database, incidentID: id))
        let written = generator.renderer.render(facts).frontMatter
        let bytes = try await world.bytes(id)

        let scan = await PostmortemScanner(directory: world.config.postmortemsDirectory).scan(cache: [:])
        let file = try #require(scan.files.first)
        #expect(scan.files.count == 1)
        #expect(file.error == nil)
        let read = try #require(file.frontMatter)
        #expect(read.id == id)
        #expect(read.title == "checkout 5xx ratio above 5%")
        #expect(read.status == .draft)
        #expect(read.services == written.services && !read.services.isEmpty)
        #expect(read.severity == written.severity)
        #expect(read.started == written.started && read.detected == written.detected && read.resolved == written.resolved)
        #expect(read.acknowledged == written.acknowledged && read.duration == written.duration)
        #expect(read.owner == nil, "an empty owner is written as \"\" and read as none")

        // Regions: every intact region the generator refreshes is a pair of marker lines the site strips.
        let regions = try PostmortemReader.inspect(bytes)
        #expect(regions.brokenRegions.isEmpty)
        #expect(Set(regions.intactRegions).isSuperset(of: ["header", "timeline", "evidence"]))
        let body = try #require(scanBody(world, file))
        let stripped = MachineRegions.strip(body)
        #expect(!stripped.contains("aftermath:begin") && !stripped.contains("aftermath:end"))
        #expect(lineCount(body) - lineCount(stripped) == 2 * regions.intactRegions.count)
        #expect(!MachineRegions.removing("related", from: body).contains("aftermath:begin related"))

        // Citations: the ids the checker finds are exactly those the site links as evidence.
        let checked = PostmortemChecker.citedEvidence(in: bytes)
        let linked = Set(linkURLs(body).compactMap(LinkPolicy.citedEvidence))
        #expect(!checked.isEmpty)
        #expect(linked == checked)
        #expect(try await world.database.existingEvidenceIDs(checked) == checked)
    }

    @Test("Front matter with awkward values survives the writer and the reader unchanged")
    func frontMatterRoundTrip() throws {
        let front = FrontMatter(
            id: "k3x9qa7m", title: "Checkout: \"quotes\", # hashes, colons: and tabs\there", status: .inReview,
            severity: "critical", services: ["a\"b", "c: d"], started: "2026-11-27T11:38:14.186Z",
            detected: "2026-11-27T11:42:14.186Z", acknowledged: "2026-11-27T11:47:14Z", resolved: "2026-11-27T12:01:14Z",
            duration: "23m", owner: "alice")
        let file = front.rendered() + "\n# Body\n"
        let split = PostmortemDocument.split(file)
        #expect(split.body == "\n# Body\n")
        #expect(try FrontMatter.parse(yaml: try #require(split.frontMatter)) == front)
        #expect(try PostmortemReader.inspect(Array(file.utf8)).status == "in-review")
    }

    @Test(
        "A postmortem marked final by an alias is final on the site and never rewritten by the generator",
        arguments: ["done", "Done", "complete", "completed", "published", "final"])
    func finalAliases(alias: String) async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        try await world.write(id, try await world.read(id).replacingOccurrences(of: "status: draft", with: "status: \(alias)"))
        let before = try await world.bytes(id)

        // New evidence arrives: a draft would be refreshed now.
        _ = try await CheckoutScenario.closingCapture(world, id)
        let result = try await generator.generate(incidentID: id, editor: "test")
        #expect(result.outcome == .final)
        #expect(result.documentStatus == "final")
        #expect(try await world.bytes(id) == before, "the file's bytes are unchanged")

        let file = try #require(await PostmortemScanner(directory: world.config.postmortemsDirectory).scan(cache: [:]).files.first)
        #expect(file.error == nil)
        #expect(file.frontMatter?.status == .final)
        let record = try #require(try await world.database.postmortem(incidentID: id))
        let incident = try #require(try await world.database.incidents().first { $0.id == id })
        let overview = try await PostmortemOverview.status(of: incident, record: record, revisions: generator.revisions, editor: "test")
        #expect(overview.state == .final)
    }

    @Test("A status no one defined is refused by the site and does not stop the generator refreshing the file")
    func unknownStatus() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        try await world.write(id, try await world.read(id).replacingOccurrences(of: "status: draft", with: "status: wip"))
        _ = try await CheckoutScenario.closingCapture(world, id)
        let result = try await generator.generate(incidentID: id, editor: "test")
        #expect(result.outcome != .final && result.outcome != .unchanged)
        let file = try #require(await PostmortemScanner(directory: world.config.postmortemsDirectory).scan(cache: [:]).files.first)
        #expect(file.frontMatter == nil)
        #expect(file.error == "front matter `status: wip` is not draft, in-review or final")
    }

    private func scanBody(_ world: PostmortemWorld, _ file: PostmortemFile) -> String? {
        PostmortemScanner(directory: world.config.postmortemsDirectory).body(of: file)
    }

    private func lineCount(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    /// Every `](url)` link target in `markdown`.
    private func linkURLs(_ markdown: String) -> [String] {
        var urls: [String] = []
        var rest = Substring(markdown)
        while let open = rest.range(of: "](") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ")") else { break }
            urls.append(String(after[..<close]))
            rest = after[close...]
        }
        return urls
    }
}

import Archive
import Foundation
@_spi(Benchmark) import Site

/// `site-engines ARCHIVE WORK [--runs N] [--templates DIR]`: the same full site built from ARCHIVE
/// with the compiled Mustache subset (`TemplateSet`, what `site build` uses) and with swift-mustache,
/// alternating which goes first, each into an empty folder under WORK; prints the medians (whole
/// build and its render phase) and checks that both built the same pages (whitespace aside, as the
/// renderer test compares them).
func siteEngines(_ args: [String]) async throws {
    guard args.count >= 2 else { fail("usage: site-engines ARCHIVE WORK [--runs N] [--templates DIR]") }
    let archive = args[0]
    let work = args[1]
    let runs = args.firstIndex(of: "--runs").flatMap { Int(args[$0 + 1]) } ?? 3
    let templates = args.firstIndex(of: "--templates").map { args[$0 + 1] }
    let database = try AppDatabase(directory: archive)
    let engines = [(name: "compiled subset (TemplateSet)", reference: false), (name: "swift-mustache", reference: true)]

    func build(reference: Bool, into folder: String) async throws -> SiteBuildReport {
        let output = (work as NSString).appendingPathComponent(folder)
        try? FileManager.default.removeItem(atPath: output)
        var options = SiteOptions(
            outputDirectory: output, templatesDirectory: templates,
            postmortemsDirectory: (archive as NSString).appendingPathComponent("postmortems"))
        options.referenceRenderer = reference
        return try await SiteBuilder(database: database, options: options).build()
    }

    // Untimed: brings the postmortem digests in the archive up to date and warms the page cache.
    _ = try await build(reference: false, into: "warm-up")
    var wall: [[Double]] = engines.map { _ in [] }
    var render: [[Double]] = engines.map { _ in [] }
    var pages = 0
    var incidents = 0
    for run in 0..<runs {
        let order = run % 2 == 0 ? Array(engines.indices) : engines.indices.reversed()
        for e in order {
            let report = try await build(reference: engines[e].reference, into: "engine-\(e)")
            wall[e].append(report.seconds)
            render[e].append(report.phases.first { $0.name == "render" }?.seconds ?? 0)
            pages = report.written.count
            incidents = report.incidents
        }
    }

    let differing = try differingPages(
        (work as NSString).appendingPathComponent("engine-0"), (work as NSString).appendingPathComponent("engine-1"))
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let base = median(wall[0])
    let baseRender = median(render[0])
    func row(_ cells: [String]) -> String {
        zip(cells, [-8, -30, 10, 10, 8, 10, 20]).map { cell, width in
            let pad = String(repeating: " ", count: max(0, abs(width) - cell.count))
            return width < 0 ? cell + pad : pad + cell
        }.joined(separator: " ")
    }
    print(row(["N", "template engine", "wall s", "render s", "pages", "pages/s", "x compiled (render)"]))
    for e in engines.indices {
        let w = median(wall[e])
        let r = median(render[e])
        print(row([
            String(incidents), engines[e].name, String(format: "%.3f", w), String(format: "%.3f", r), String(pages),
            String(format: "%.0f", Double(pages) / w), String(format: "%.2f (%.2f)", w / base, r / baseRender),
        ]))
    }
    print("runs (wall s): " + engines.indices.map { e in "\(engines[e].name): " + wall[e].map { String(format: "%.3f", $0) }.joined(separator: " ") }.joined(separator: "; "))
    print("same pages, whitespace aside: \(differing.isEmpty ? "yes" : "no, \(differing.count) differ: \(differing.prefix(5).joined(separator: ", "))")")
}

/// HTML and XML pages under `a` whose text differs from the same page under `b` once runs of
/// whitespace are collapsed (swift-mustache keeps some indentation the compiled renderer drops).
private func differingPages(_ a: String, _ b: String) throws -> [String] {
    func normalized(_ path: String) -> [Substring]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
    }
    var differing: [String] = []
    let paths = (FileManager.default.enumerator(atPath: a)?.allObjects as? [String]) ?? []
    for path in paths.sorted() where path.hasSuffix(".html") || path.hasSuffix(".xml") {
        let left = normalized((a as NSString).appendingPathComponent(path))
        let right = normalized((b as NSString).appendingPathComponent(path))
        if left == nil || left != right { differing.append(path) }
    }
    return differing
}

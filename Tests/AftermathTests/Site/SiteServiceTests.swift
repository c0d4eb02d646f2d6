import Foundation
import Testing
@testable import Site

/// The service that keeps the site current inside `aftermath serve`.
@Suite("Site service")
struct SiteServiceTests {
    actor Builds {
        var reports: [SiteBuildReport] = []
        func add(_ report: SiteBuildReport) { reports.append(report) }
        var count: Int { reports.count }
    }

    @Test("Builds at start, rebuilds once after a burst of pokes, and stops on cancellation")
    func pokes() async throws {
        let fixture = try SiteFixture("site-service")
        var incident = fixture.incident(1)
        try await fixture.insert([incident])
        let builds = Builds()
        let service = SiteService(
            builder: fixture.builder(), quiet: .milliseconds(100), maxDelay: .seconds(2), pollInterval: nil,
            onBuild: { result in
                if case .success(let report) = result { Task { await builds.add(report) } }
            })
        let task = Task { try await service.run() }
        _ = try await Wait.until("the first build") { await builds.count >= 1 ? true : nil }
        #expect(FileManager.default.fileExists(atPath: (fixture.output as NSString).appendingPathComponent("incident/inc00001.html")))

        incident = fixture.incident(2)
        try await fixture.insert([incident])
        for _ in 0..<5 { service.poke() }
        _ = try await Wait.until("the rebuild after pokes") { await builds.count >= 2 ? true : nil }
        let second = await builds.reports[1]
        #expect(second.written.contains("incident/inc00002.html"))
        try await Task.sleep(for: .milliseconds(400))
        #expect(await builds.count == 2, "five pokes in a burst make one rebuild")

        task.cancel()
        _ = try await Wait.until("the service to stop", timeout: 10) { task.isCancelled ? true : nil }
        _ = await task.result
    }
}

import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Logging
import Redaction
import Settings
import Testing

@testable import Capture

/// Capture never loses what it collected: a hung collector is abandoned at its deadline, the
/// lease is held until the evidence commits, and intake is never stuck behind a large store.
@Suite("Capture hardening", .serialized)
struct CaptureHardeningTests {
    static let t0 = Date()

    static func logger() -> Logger {
        var logger = Logger(label: "capture-hardening")
        logger.logLevel = .critical
        return logger
    }

    static func runner(_ database: AppDatabase, _ config: AftermathConfig, _ collectors: CollectorSet) throws -> CaptureRunner {
        CaptureRunner(
            database: database, config: config, collectors: collectors, redactor: try Redactor(), clock: SystemClock(),
            logger: logger(), chunking: EvidenceChunking(lines: 500))
    }

    static func plan(_ jobs: [PlannedCapture.Job], maxAttempts: Int = 3) -> PlannedCapture {
        PlannedCapture(
            incidentID: nil, kind: .manual, window: DateInterval(start: t0 - 600, end: t0), labels: [:], alertsJSON: "[]",
            requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: maxAttempts, jobs: jobs)
    }

    /// A collector whose run blocks a thread in `read(2)` on a pipe nobody writes to, and ignores
    /// cancellation: what a `glob(3)` on a hung NFS mount looks like to the capture worker.
    struct BlockedInReadCollector: EvidenceCollector {
        let readEnd: Int32

        func collect(_ context: CaptureContext) async -> [CollectedItem] {
            await withCheckedContinuation { continuation in
                let fd = readEnd
                Thread.detachNewThread {
                    var byte: UInt8 = 0
                    _ = read(fd, &byte, 1)
                    continuation.resume(returning: [CollectedItem(
                        header: EvidenceHeader(kind: .command, name: "late", host: context.host?.name, request: [:], status: .ok),
                        text: "too late", startedAt: Date(), finishedAt: Date())])
                }
            }
        }
    }

    @Test("A collector blocked in a syscall is abandoned at its deadline as `timeout`; its host slot and place go to the next job")
    func hungCollectorAbandoned() async throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let dir = try TemporaryDirectory("hung-collector")
        let logFile = try dir.write("app.log", "2026-01-01T00:00:00Z boot\n")
        var config = try AftermathConfig.parse(yaml: """
            capture: { concurrency: 1, per_host_concurrency: 1 }
            collectors:
              - { name: hung, kind: command, match: {}, host: local, timeout: 1s, commands: [{ name: stuck, argv: [true] }] }
              - { name: after, kind: file, match: {}, host: local, paths: [\(logFile)] }
            """)
        config.archiveDirectory = dir.file("archive")
        let database = try AppDatabase(directory: config.archiveDirectory)
        let collectors = CollectorSet([
            .command: BlockedInReadCollector(readEnd: fds[0]),
            .file: FileCollector(runner: LocalProcessRunner()),
        ])
        let runner = try Self.runner(database, config, collectors)
        let worker = CaptureWorker(runner: runner, database: database, config: config, clock: SystemClock(), logger: Self.logger(), wakeups: Wakeups())
        let captureID = try await database.createCapture(Self.plan([.init(collector: "hung", host: "local"), .init(collector: "after", host: "local")]))

        try await worker.drain(captureID: captureID)

        let jobs = try await database.jobs(ofCapture: captureID)
        #expect(jobs.map(\.state) == [.done, .done])
        let items = try await database.evidence(incidentID: nil)
        let hung = try #require(items.first { $0.collector == "hung" })
        #expect(hung.status == .timeout)
        #expect(hung.error?.contains("did not stop when cancelled; abandoned") == true, "\(hung.error ?? "")")
        let after = try #require(items.first { $0.collector == "after" })
        #expect(after.status != .timeout, "the next job on the same host ran once the slot was freed: \(after.error ?? "")")
        #expect(try #require(try await database.capture(id: captureID)).finishedAt != nil)

        // Release the abandoned thread.
        var byte: UInt8 = 1
        _ = write(fds[1], &byte, 1)
        close(fds[1])
    }

    /// From its own OS thread, through the archive's own writer (FIFO with the store's chunks, as a
    /// webhook's commit is): a write transaction that commits while the job is still running with
    /// lines staged, i.e. between two chunks. Nil if the job ended before any chunk was seen.
    static func commitBetweenChunks(_ database: AppDatabase, jobID: Int64) async throws -> Bool? {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { () throws -> Bool? in
                    let deadline = Date().addingTimeInterval(300)
                    var sawStaged = false
                    while Date() < deadline {
                        let (staged, running) = try database.writer.write { db -> (Int, Bool) in
                            let staged = try Int.fetchOne(db, sql: """
                                SELECT count(*) FROM evidence_line l JOIN evidence_staging s ON s.evidence_id = l.evidence_id
                                """) ?? 0
                            let running = try String.fetchOne(db, sql: "SELECT state FROM capture_job WHERE id = ?", arguments: [jobID]) == "running"
                            return (staged, running)
                        }
                        if staged > 0 && running { return true }
                        sawStaged = sawStaged || staged > 0
                        if !running { return sawStaged ? false : nil }
                        usleep(2_000)
                    }
                    return false
                })
            }
        }
    }

    /// A collector returning one log item of `count` lines.
    struct ManyLinesCollector: EvidenceCollector {
        let count: Int

        func collect(_ context: CaptureContext) async -> [CollectedItem] {
            let now = Date()
            let lines = (0..<count).map { LogLine(timestamp: now, text: "line \($0) request served in 12ms status=200", source: "bulk") }
            return [CollectedItem(header: EvidenceHeader(kind: .log, name: "bulk.log", host: "local", request: ["path": "bulk"], status: .ok),
                                  text: "", lines: lines, startedAt: now, finishedAt: now)]
        }
    }

    @Test("The lease is renewed through redaction and a long chunked store: no other worker takes the job; intake commits meanwhile")
    func leaseHeldUntilCommit() async throws {
        let dir = try TemporaryDirectory("lease-store")
        var config = try AftermathConfig.parse(yaml: """
            collectors:
              - { name: bulk, kind: command, match: {}, host: local, commands: [{ name: x, argv: [true] }] }
            """)
        config.archiveDirectory = dir.file("archive")
        let database = try AppDatabase(directory: config.archiveDirectory)
        let lineCount = 300_000
        let runner = try Self.runner(database, config, CollectorSet([.command: ManyLinesCollector(count: lineCount)]))
        let captureID = try await database.createCapture(Self.plan([.init(collector: "bulk", host: "local")]))
        // Short enough that the store outlasts it, long enough that a renewal due every second
        // survives the cooperative pool being starved by other suites on 2 loaded cores.
        let lease: TimeInterval = 3
        let claimed = try #require(try await database.claimJobs(now: Date(), limit: 1, lease: lease).claimed.first)

        let (stolen, intakeDuringStore) = try await withThrowingTaskGroup(of: (Int, Bool?).self) { group in
            group.addTask {
                await runner.run(claimed, lease: lease)
                return (0, nil)
            }
            // Another worker tries to claim expired leases the whole time.
            group.addTask {
                var stolen = 0
                while try await database.jobs(ofCapture: captureID).first?.state == .running {
                    stolen += try await database.claimJobs(now: Date(), limit: 10, lease: lease).claimed.count
                    try await Task.sleep(for: .milliseconds(20))
                }
                return (stolen, nil)
            }
            // Once the first chunk is staged, a writer's transaction commits before the store ends.
            // Watched from an OS thread of its own: on 2 loaded cores other suites can starve the
            // cooperative pool for the whole store, and a starved poller would see nothing.
            let jobID = claimed.job.id
            group.addTask {
                (0, try await Self.commitBetweenChunks(database, jobID: jobID))
            }
            var stolen = 0
            var intake: Bool?
            for try await (count, during) in group {
                stolen += count
                if let during { intake = during }
            }
            return (stolen, intake)
        }

        let job = try #require(try await database.jobs(ofCapture: captureID).first)
        #expect(stolen == 0, "a live worker's job must not be claimed again")
        #expect(job.state == .done)
        #expect(job.attempts == 1)
        let spent = try #require(job.finishedAt).timeIntervalSince(try #require(job.startedAt))
        #expect(spent > lease, "the store must outlast the lease for this test to mean anything (took \(spent) s)")
        let items = try await database.evidence(incidentID: nil)
        #expect(items.count == 1)
        #expect(items.first?.lineCount == lineCount)
        #expect(intakeDuringStore == true, "a writer should commit between chunks, while the job still stores (nil: never saw a chunk)")
        _ = try await database.record(
            IncomingDelivery(source: .generic, dedupKey: "after-store", receivedAt: Date(), headers: [],
                             body: Array("{}".utf8), disposition: .applied, signals: []),
            rules: IntakeRules(), ids: RandomIncidentIDs())
        #expect(try await database.stagedLineCount() == 0)
        #expect(try await database.search("\"line 299999\"").count == 1)
    }

    @Test("1,000 alerts naming 1,000 unlisted hosts make one refusal per host-bound collector, listing 20 values")
    func refusalsCollapse() throws {
        let config = try AftermathConfig.parse(yaml: """
            hosts: [{ name: local }, { name: web-1, ssh: { user: a } }]
            collectors:
              - { name: diag, kind: command, match: {}, host_label: instance, commands: default }
              - { name: logs, kind: file, match: {}, host_label: instance, paths: [/var/log/x.log] }
              - { name: http, kind: http, match: {}, url: "http://127.0.0.1:1/" }
            """)
        let alertLabels = (0..<1000).map { ["instance": "node-\($0)"] } + [["instance": "web-1"], ["instance": "node-3"]]
        let jobs = CapturePlanner(config: config).jobs(labels: [:], alertLabels: alertLabels, hosts: nil)
        #expect(jobs.count == 5, "per host-bound collector: web-1 and one refusal; plus the http job: \(jobs.map(\.collector))")
        for collector in ["diag", "logs"] {
            let ofCollector = jobs.filter { $0.collector == collector }
            #expect(ofCollector.compactMap(\.host) == ["web-1"])
            let refusal = try #require(ofCollector.compactMap(\.refusal).first)
            #expect(refusal.hasPrefix("1000 host values refused: host \"node-0\" (from label 'instance') refused"))
            #expect(refusal.contains("\"node-19\""))
            #expect(!refusal.contains("\"node-20\""))
            #expect(refusal.hasSuffix("; and 980 more"))
        }
    }
}

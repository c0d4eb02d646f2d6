import AftermathCore
@testable import Archive
import Foundation
import GRDB
import LineRegex
import Testing

/// `regexSearch` over stored evidence: the FTS pre-filter never changes the answer (it equals a full
/// scan, and both equal ICU run over every stored line), filters apply, and the budget is enforced.
@Suite("Regex search")
struct RegexSearchTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// Access and application log lines with near misses for every token boundary the pre-filter relies on.
    static func corpus(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let statuses = ["200", "201", "404", "429", "4041", "500", "40", "403"]
        let paths = ["/v1/devices/\(next(9000))", "/v1/devicesX/3", "/v2/devices/1", "/V1/Devices/77", "/v1/devices/", "/v1/users/5", "x/v1/devices/9"]
        let tricky = [
            "xstatus=404 a /v1/devices/8", "status=404 /v1/devices/1", "STATUS=404 ok /v1/devices/2", "status=404  /v1/devices/3",
            "café status=401 é /v1/devices/4", "status=4_04 x /v1/devices/5", "level=error deadlock", "ERROR: deadlock_detected",
            "deadlocked", "pre-deadlock", "", "ünïcödé ✓ status=499 — /v1/devices/6", "level=warn timeout=30s", "\tstatus=418 tab /v1/devices/7",
        ]
        return (0..<count).map { i in
            if i % 11 == 0 { return tricky[next(tricky.count)] }
            let level = ["info", "warn", "error"][next(3)]
            return "level=\(level) status=\(statuses[next(statuses.count)]) dur_ms=\(next(5000)) req=\"GET \(paths[next(paths.count)])\" trace=\(next(1 << 30))"
        }
    }

    static let patterns = [
        "status=4[0-9]{2} .* /v1/devices/[0-9]+", "^level=error", "deadlock", "^deadlock", "deadlock$", "(ERROR|error).*deadlock",
        "status=4\\d\\d\\s", "/v1/devices/$", "v1/dev", "é /v1", "[Ss][Tt][Aa][Tt][Uu][Ss]=404", "^$", "trace=1[0-9]*$",
        "status=4_04", "ünïcödé", "dur_ms=49[0-9]{2} ", "GET /v1/users/5\"", "x/v1/devices/9\" trace",
    ]

    func store(_ db: AppDatabase, items: [(collector: String, lines: [String])]) async throws {
        let plan = PlannedCapture(
            incidentID: nil, kind: .manual, window: DateInterval(start: t0 - 1800, end: t0), labels: [:], alertsJSON: "[]",
            requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: 1, jobs: items.map { .init(collector: $0.collector, host: "local") })
        _ = try await db.createCapture(plan)
        for _ in items {
            let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 60).claimed.first)
            let lines = items.first { $0.collector == job.job.collector }!.lines
            let item = NewEvidence(
                kind: .log, name: job.job.collector + ".log", host: "local", request: [:], status: .ok, error: nil, exitCode: nil,
                content: Data(lines.joined(separator: "\n").utf8), contentType: "text/plain", redactions: 0,
                lines: lines.map { .init(timestamp: t0, text: $0, source: "test") }, startedAt: t0, finishedAt: t0)
            _ = try await db.storeEvidence(jobID: job.job.id, leaseToken: job.job.leaseToken!, items: [item], now: t0)
        }
    }

    @Test("Pre-filtered through FTS, a full scan, and ICU over every stored line give the same lines, newest first")
    func prefilterEqualsFullScan() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        try await store(db, items: [("app", Self.corpus(count: 3000, seed: 1)), ("proxy", Self.corpus(count: 3000, seed: 2))])
        let stored = try await db.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT l.evidence_id, l.line_no, l.text, e.collector FROM evidence_line l JOIN evidence e ON e.id = l.evidence_id ORDER BY l.id DESC")
                .map { (id: $0[0] as String, line: $0[1] as Int, text: $0[2] as String, collector: $0[3] as String) }
        }
        #expect(stored.count == 6000)
        var prefiltered = 0
        for source in Self.patterns {
            let pattern = try LinePattern(source)
            let icu = try NSRegularExpression(pattern: source)
            let expected = stored.filter { icu.firstMatch(in: $0.text, range: NSRange($0.text.startIndex..., in: $0.text)) != nil }
            let fast = try await db.regexSearch(pattern, limit: 100_000)
            let full = try await db.regexSearch(pattern, limit: 100_000, usePrefilter: false)
            #expect(full.prefilter == nil && full.scanned == 6000)
            #expect(fast.hits.map { "\($0.evidenceID):\($0.lineNo)" } == expected.map { "\($0.id):\($0.line)" }, "/\(source)/ with \(fast.prefilter ?? "no prefilter")")
            #expect(full.hits == fast.hits, "/\(source)/")
            if let query = fast.prefilter {
                prefiltered += 1
                #expect(fast.scanned < 6000, "/\(source)/ pre-filtered by \(query) still scanned every line")
            }
            let proxy = try await db.regexSearch(pattern, collector: "proxy", limit: 100_000)
            #expect(proxy.hits.map(\.lineNo) == expected.filter { $0.collector == "proxy" }.map(\.line), "/\(source)/ --collector proxy")
            let first = try await db.regexSearch(pattern, limit: 3)
            #expect(first.hits == Array(fast.hits.prefix(3)))
        }
        #expect(prefiltered >= 7, "most patterns have a certain token")
    }

    @Test("The acceptance query finds what FTS cannot say: a 4xx status before a device path, in that order")
    func findsWhatFTSCannot() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        try await store(db, items: [("app", [
            "status=404 dur_ms=12 req=\"GET /v1/devices/4411\"", "status=200 dur_ms=4 req=\"GET /v1/devices/4411\"",
            "req=\"GET /v1/devices/12\" status=404", "status=429 req=\"GET /v1/devices/x\"", "status=451 from /v1/devices/9",
        ])])
        let words = try await db.search("status 4* v1 devices")
        #expect(words.count == 5, "the words match every line")
        let outcome = try await db.regexSearch(try LinePattern("status=4[0-9]{2} .* /v1/devices/[0-9]+"))
        #expect(outcome.hits.map(\.lineNo) == [5, 1])
        #expect(outcome.hits == words.filter { [5, 1].contains($0.lineNo) }, "every field as the word search reads it")
        #expect(outcome.hits.allSatisfy { $0.timestamp == t0 && $0.collector == "app" && $0.itemName == "app.log" && $0.source == "test" })
        #expect(outcome.prefilter == "\"v1\" AND \"devices\"")
        #expect(outcome.truncatedOf == nil)
    }

    @Test("--incident keeps to that incident's evidence, pre-filtered or not")
    func incidentFilter() async throws {
        let fixture = try SiteFixture("regex-incident")
        let incidents = [fixture.incident(1), fixture.incident(2)]
        try await fixture.insert(incidents)
        try await fixture.addEvidence(incident: incidents[0], items: [fixture.log(["status=404 GET /v1/devices/1", "status=200 GET /v1/devices/2"])])
        try await fixture.addEvidence(incident: incidents[1], items: [fixture.log(["status=404 GET /v1/devices/3"])])
        let pattern = try LinePattern("status=4[0-9]{2} .* /v1/devices/[0-9]+")
        for usePrefilter in [true, false] {
            let first = try await fixture.database.regexSearch(pattern, incidentID: "inc00001", usePrefilter: usePrefilter)
            #expect(first.hits.map(\.text) == ["status=404 GET /v1/devices/1"])
            #expect(first.hits.map(\.incidentID) == ["inc00001"])
            let all = try await fixture.database.regexSearch(pattern, usePrefilter: usePrefilter)
            #expect(all.hits.map(\.text) == ["status=404 GET /v1/devices/3", "status=404 GET /v1/devices/1"])
            #expect(try await fixture.database.regexSearch(pattern, incidentID: "inc00009", usePrefilter: usePrefilter).hits.isEmpty)
        }
    }

    @Test("Lines staged for an item not yet stored are not found, with or without a filter, pre-filtered or not")
    func stagedLinesAreInvisible() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        try await store(db, items: [("app", ["stored deadlock line"])])
        // What a worker leaves between its chunks: lines (and their index) under a reserved id, a staging row, no item.
        try await db.writer.write { db in
            try db.execute(sql: "INSERT INTO evidence_staging (evidence_id, job_id, lease_token) VALUES ('ev-99', 1, 'gone')")
            try AppDatabase.indexLines(db, evidenceID: "ev-99", incidentID: nil, lines: [
                LogLine(timestamp: nil, text: "staged deadlock line", source: "x"),
            ][...])
        }
        #expect(try await db.stagedLineCount() == 1)
        for source in ["deadlock", "^staged deadlock", "(stored|staged) deadlock"] {
            let pattern = try LinePattern(source)
            for usePrefilter in [true, false] {
                let all = try await db.regexSearch(pattern, usePrefilter: usePrefilter)
                let app = try await db.regexSearch(pattern, collector: "app", usePrefilter: usePrefilter)
                #expect(all.hits.map(\.text) == (source.hasPrefix("^") ? [] : ["stored deadlock line"]), "/\(source)/")
                #expect(app.hits == all.hits, "/\(source)/ --collector app")
                #expect(all.scanned <= 1 && app.scanned <= 1, "/\(source)/: staged lines are not even candidates (they would take places under --limit)")
            }
        }
    }

    @Test("A spent budget stops the scan with what it found and how far it got")
    func budget() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        let long = String(repeating: "a", count: 100_000) + "b"
        try await store(db, items: [("app", Array(repeating: long, count: 40) + ["aaa"])])
        // (a+)+$ over 40 lines of 100 KB: a backtracking engine would not finish; this one does within the budget.
        let outcome = try await db.regexSearch(try LinePattern("(a+)+$"), limit: 100, budget: .seconds(60))
        #expect(outcome.hits.map(\.lineNo) == [41])
        #expect(outcome.scanned == 41 && outcome.truncatedOf == nil)
        let spent = try await db.regexSearch(try LinePattern("(a+)+$"), limit: 100, budget: .zero)
        #expect(spent.hits.isEmpty && spent.scanned == 0 && spent.truncatedOf == 41)
    }

    @Test("aftermath search --regex: a table, JSON, a clear error for a bad pattern, and a partial result said to be partial")
    func command() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        try await store(db, items: [("app", ["status=404 dur_ms=12 req=\"GET /v1/devices/4411\"", "status=200 req=\"GET /v1/devices/1\""])])
        try db.close()
        let pattern = "status=4[0-9]{2} .* /v1/devices/[0-9]+"
        let table = try runAftermath(["search", "--regex", pattern, "--archive", dir.path])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("ev-1") && table.stdout.contains("GET /v1/devices/4411"), "\(table.stdout)")
        #expect(!table.stdout.contains("status=200"))

        let json = try runAftermath(["search", "--regex", "STATUS=200", "-i", "--collector", "app", "--json", "--archive", dir.path])
        #expect(json.status == 0, "\(json.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["line"] as? Int == 2)
        #expect(records.first?["collector"] as? String == "app")

        let none = try runAftermath(["search", "--regex", pattern, "--collector", "other", "--archive", dir.path])
        #expect(none.status == 0 && none.stdout.contains("no lines match"), "\(none.stdout)")

        let bad = try runAftermath(["search", "--regex", "status=(4", "--archive", dir.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--regex 'status=(4': missing ) at column 8"), "\(bad.stderr)")

        let spent = try runAftermath(["search", "--regex", pattern, "--timeout", "0", "--archive", dir.path])
        #expect(spent.status != 0)
        #expect(spent.stderr.contains("stopped at its 0s time budget after scanning 0 of 2 candidate lines"), "\(spent.stderr)")
        #expect(spent.stderr.contains("the 0 match(es) shown are partial"), "\(spent.stderr)")

        let both = try runAftermath(["search", "words", "--regex", pattern, "--archive", dir.path])
        #expect(both.status != 0 && both.stderr.contains("not both"), "\(both.stderr)")
    }
}

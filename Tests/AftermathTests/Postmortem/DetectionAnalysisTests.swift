import AftermathCore
@testable import Archive
import Foundation
@testable import Postmortem
import Testing

/// The pure parts of the Detection section: message templates, their ranking, metric departures,
/// the lead sentence, and the responders line.
@Suite("Detection analysis")
struct DetectionAnalysisTests {
    let t0 = Date(timeIntervalSince1970: 1_795_779_734)

    @Test("Numbers, ids, hex, addresses, times and quoted values are masked; words and the line's own timestamp are not kept")
    func templates() {
        #expect(MessageTemplate.make("2026-11-27T11:42:14.120Z ERROR payment gateway timeout after 5000ms order=A-1")
            == "ERROR payment gateway timeout after <num>ms order=A-<num>")
        #expect(MessageTemplate.make(#"ERROR user "alice@example.com" denied for 'admin' (req 7f9c2ba4-1e6d-4f7a-9c3b-2b1e8d5a9f10)"#)
            == #"ERROR user "<str>" denied for '<str>' (req <id>)"#)
        #expect(MessageTemplate.make("panic at 0x7ffe3a2b10 trace=2a98f90bdae636b5 from 10.0.3.17:5432")
            == "panic at <hex> trace=<hex> from <ip>")
        #expect(MessageTemplate.make("ERROR worker12345 retry 3 of 5 since 2026-11-27 11:40:00")
            == "ERROR <id> retry <num> of <num> since <time>")
        #expect(MessageTemplate.make("FATAL http2 stream reset, can't recover") == "FATAL http2 stream reset, can't recover")
        #expect(MessageTemplate.make("ERROR a   b\tc") == "ERROR a b c")
    }

    func line(_ seconds: TimeInterval, _ text: String, source: String = "/var/log/app.log", ev: String = "ev-1") -> EvidenceMoments.Line {
        EvidenceMoments.Line(evidenceID: ev, source: source, at: t0 + seconds, text: text)
    }

    @Test("Templates are ranked by how early plus how often they appeared, with counts before the alert")
    func ranking() {
        let lines: [EvidenceMoments.Line] = [
            line(-600, "ERROR cache miss storm key=u1"),                           // earliest, once
            line(-300, "ERROR upstream reset attempt 1"),
            line(-290, "ERROR upstream reset attempt 2", ev: "ev-2"),
            line(-280, "ERROR upstream reset attempt 3"),
            line(-100, "ERROR upstream reset attempt 4"),
            line(30, "ERROR upstream reset attempt 5"),                            // after the alert
            line(60, "ERROR disk full on /var 1"), line(61, "ERROR disk full on /var 2"), line(62, "ERROR disk full on /var 3"),
        ]
        let ranked = LogIndicator.rank(lines, alertFiredAt: t0)
        // reset: 2nd by time + 1st by count; cache: 1st + 3rd; disk: 3rd + 2nd.
        #expect(ranked.map(\.template) == ["ERROR upstream reset attempt <num>", "ERROR cache miss storm key=u1", "ERROR disk full on /var <num>"])
        let reset = ranked[0]
        #expect(reset.count == 5)
        #expect(reset.countBeforeAlert == 4)
        #expect(reset.firstSeen == t0 - 300)
        #expect(reset.evidenceID == "ev-1")
        #expect(ranked[2].countBeforeAlert == 0)
        #expect(LogIndicator.rank(lines, alertFiredAt: t0, limit: 1).count == 1)
    }

    @Test("A series crosses its query's threshold, or leaves its baseline for two samples in a row")
    func departures() throws {
        let base = t0.timeIntervalSince1970
        var flat: [(t: Double, v: Double)] = []
        for i in 0..<20 { flat.append((t: base - 1200 + Double(i) * 60, v: 0.01 + Double(i % 3) * 0.001)) }
        let spike: [(t: Double, v: Double)] = flat.enumerated().map { i, p in (t: p.t, v: i >= 12 ? 0.4 : p.v) }
        let left = try #require(SeriesDeparture.first(spike, condition: nil, alertFiredAt: base))
        #expect(left.at == base - 1200 + 12 * 60)
        #expect(left.value == 0.4)
        #expect(abs((left.baseline ?? 0) - 0.011) < 1e-9)
        let blip: [(t: Double, v: Double)] = flat.enumerated().map { i, p in (t: p.t, v: i == 12 ? 0.4 : p.v) }
        #expect(SeriesDeparture.first(blip, condition: nil, alertFiredAt: base) == nil, "one sample is not a departure")
        #expect(SeriesDeparture.first(flat, condition: nil, alertFiredAt: base) == nil)
        let threshold = try #require(AlertCondition.parse("rate(errors_total[1m]) > 0.3"))
        #expect(SeriesDeparture.first(spike, condition: threshold, alertFiredAt: base)?.at == base - 1200 + 12 * 60)
    }

    func incident(start: Date, title: String = "HighErrorRate on api") -> IncidentRecord {
        IncidentRecord(
            id: "inc1", title: title, source: .alertmanager, status: .resolved, severity: .critical, services: ["api"], labels: [:],
            link: nil, startedAt: start, acknowledgedAt: nil, resolvedAt: nil, createdAt: start, updatedAt: start)
    }

    func alert(_ name: String, _ start: Date) -> AlertRecord {
        AlertRecord(id: nil, incidentID: "inc1", correlationKey: "k", fingerprint: name, startsAt: start, endsAt: nil, status: .firing,
                    name: name, labels: [:], annotations: [:], generatorURL: nil)
    }

    @Test("The lead: earliest signal against the first alert, in words")
    func lead() {
        let sourceName: (String, String) -> String = { _, _ in "api-log" }
        let error = DerivedMoment(at: t0 - 432, kind: .firstError(source: "/var/log/api.log", line: "boom"), evidenceID: "ev-3")
        let crossing = DerivedMoment(at: t0 - 45, kind: .thresholdCrossed(alert: "HighErrorRate", condition: AlertCondition.parse("x > 0.05"), value: 0.07), evidenceID: "ev-1")
        let lead = DetectionLead(incident: incident(start: t0), alerts: [alert("HighErrorRate", t0), alert("Later", t0 + 60)], moments: [crossing, error])
        #expect(lead.seconds == 432)
        #expect(lead.signal == error)
        #expect(lead.sentence(hasEvidence: true, sourceName: sourceName) == "Errors in api-log began 7m12s before HighErrorRate fired")
        let own = DetectionLead(incident: incident(start: t0), alerts: [alert("HighErrorRate", t0)], moments: [crossing])
        #expect(own.sentence(hasEvidence: true, sourceName: sourceName) == "HighErrorRate's own expression crossed its threshold (> 0.05) 45s before it fired")
        let late = DetectionLead(incident: incident(start: t0), alerts: [alert("HighErrorRate", t0)],
                                 moments: [DerivedMoment(at: t0 + 90, kind: .errorBurst(source: "/var/log/api.log", count: 12, span: 60), evidenceID: "ev-3")])
        #expect(late.seconds == -90)
        #expect(late.sentence(hasEvidence: true, sourceName: sourceName) == "HighErrorRate fired first; a burst of 12 error lines in api-log began 1m30s later")
        let none = DetectionLead(incident: incident(start: t0), alerts: [], moments: [])
        #expect(none.seconds == nil)
        #expect(none.alertName == "HighErrorRate on api", "without alerts the incident's title names what fired")
        #expect(none.sentence(hasEvidence: false, sourceName: sourceName).hasPrefix("No evidence was captured"))
        let record = lead.record(incidentID: "inc1", at: t0)
        #expect(record.leadSeconds == 432)
        #expect(record.signalKind == "first_error")
        #expect(record.evidenceID == "ev-3")
        #expect(record.alertName == "HighErrorRate")
    }

    @Test("Responders are the timeline's actors who acknowledged, resolved, wrote notes or updated the status page")
    func responders() {
        func event(_ kind: TimelineKind, _ actor: String?, source: String = "cli") -> TimelineEventRecord {
            TimelineEventRecord(id: nil, incidentID: "inc1", at: t0, kind: kind, source: source, actor: actor, text: "", deliveryID: nil, createdAt: t0)
        }
        let timeline = [
            event(.opened, nil), event(.alertFiring, "alertmanager"), event(.acknowledged, "dave"), event(.note, "carol"),
            event(.note, "carol"), event(.statusUpdate, nil, source: "statuspage"), event(.annotation, "dave"), event(.resolved, "alice"),
            event(.note, nil),
        ]
        #expect(Responders.text(Responders.list(timeline)) == "dave (acknowledged, note), carol (2 notes), statuspage (status page), alice (resolved)")
        #expect(Responders.text(Responders.list([event(.opened, nil)])) == nil)
    }
}

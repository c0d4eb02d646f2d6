import AftermathCore
import Foundation
import Intake
import Testing

@Suite("Intake: healthchecks.io webhooks (our template)")
struct IntakeHealthchecksPayloadTests {
    @Test("down → triggered on the recurring check key, tags as labels")
    func down() throws {
        let signal = try IntakeFixture.signal(.healthchecks, "healthchecks-down.json")
        #expect(signal.correlationKey == "healthchecks:check:803f680d-e89b-492b-82ef-2be7b774a92d")
        #expect(signal.correlation == .recurring)
        #expect(signal.effect == .transition(.triggered))
        #expect(signal.title == "Database Backup")
        #expect(signal.occurredAt == (try IntakeFixture.time("2020-03-23T11:39:32Z")))
        #expect(signal.labels == ["tag:production": "true", "tag:db": "true"])
        #expect(signal.summary == "healthchecks.io: Database Backup is down (last exit status 1)")
    }

    @Test("up → resolved; down and up flips have different dedup keys, a resend the same")
    func up() throws {
        let signal = try IntakeFixture.signal(.healthchecks, "healthchecks-up.json")
        #expect(signal.effect == .transition(.resolved))
        #expect(signal.correlationKey == "healthchecks:check:803f680d-e89b-492b-82ef-2be7b774a92d")
        let down = try IntakeFixture.parse(.healthchecks, body: try IntakeFixture.bytes("healthchecks-down.json"))
        let up = try IntakeFixture.parse(.healthchecks, body: try IntakeFixture.bytes("healthchecks-up.json"))
        #expect(down.dedupKey != up.dedupKey)
        // A retry of the same flip whose $JSON changed in between (n_pings) is still one delivery.
        let retry = try IntakeFixture.edited("healthchecks-down.json", #""n_pings": 7"#, #""n_pings": 8"#)
        #expect(try IntakeFixture.parse(.healthchecks, text: retry).dedupKey == down.dedupKey)
    }

    @Test("exitstatus may be a bare number; an unknown status is refused at `status`")
    func variants() throws {
        let numeric = try IntakeFixture.edited("healthchecks-down.json", #""exitstatus": "1""#, #""exitstatus": 3"#)
        #expect(try IntakeFixture.parse(.healthchecks, text: numeric).signals.first?.summary.hasSuffix("(last exit status 3)") == true)
        let paused = try IntakeFixture.edited("healthchecks-down.json", "\"status\": \"down\",\n  \"now\"", "\"status\": \"paused\",\n  \"now\"")
        #expect(IntakeFixture.error(.healthchecks, text: paused)?.path == "status")
    }

    @Test("The unrendered template is not JSON and is refused at `$`")
    func template() throws {
        let error = try #require(IntakeFixture.error(.healthchecks, body: try IntakeFixture.bytes("healthchecks-template.txt")))
        #expect(error.path == "$")
    }
}

import Redaction
import Testing

@Suite("Redaction: properties over generated inputs")
struct RedactionPropertyTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor(config: .init(keywords: ["db-prod-7.internal"]))
    }

    @Test("Text without secrets comes back unchanged (so never longer), 10,000 cases")
    func noSecretUnchanged() {
        var random = RedactionRandom(seed: 1)
        for _ in 0..<10_000 {
            let text = RedactionCorpus.safeText(&random)
            let result = redactor.redact(text)
            #expect(result == Redacted(text: text, count: 0, rules: [:]), "changed: \(text.debugDescription)")
            if result.text != text { return }
        }
    }

    @Test("Redacting twice changes nothing and counts 0; no planted secret survives, 10,000 cases")
    func idempotent() {
        var random = RedactionRandom(seed: 2)
        let samples = RedactionSamples.all + RedactionSamples.long
        for _ in 0..<10_000 {
            var text = ""
            var planted: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                if Bool.random(using: &random) {
                    let sample = random.pick(samples)
                    text += sample.input
                    planted.append(sample.secret)
                } else {
                    text += random.pick([RedactionCorpus.safeText(&random), RedactionCorpus.ordinaryLine(&random), "db-prod-7.internal"])
                }
                text += random.pick([" ", "\n", "; ", "\t"])
            }
            let once = redactor.redact(text)
            let twice = redactor.redact(once.text)
            #expect(twice == Redacted(text: once.text, count: 0, rules: [:]), "not idempotent: \(text.debugDescription)")
            #expect(!once.text.contains("db-prod-7.internal"))
            for secret in planted {
                #expect(!once.text.contains(secret), "\(secret) survived in \(once.text.debugDescription)")
            }
            if twice.count != 0 || twice.text != once.text { return }
        }
    }

    @Test("A text redacts the same alone and inside long secret-free context (windows, merging, growth), 2,000 cases")
    func contextIndependent() {
        var random = RedactionRandom(seed: 3)
        let samples = (RedactionSamples.all + RedactionSamples.long).filter { !$0.context.contains("truncated") }
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                text += Bool.random(using: &random) ? random.pick(samples).input : RedactionCorpus.ordinaryLine(&random)
                text += random.pick([" ", "\n", " ok ", "\t"])
            }
            let filler = String(repeating: random.pick(["ok ", "GET /healthz 200 ", "日本 "]), count: Int.random(in: 50...3_000, using: &random))
            let alone = redactor.redact(text)
            let embedded = redactor.redact(filler + "\n" + text + "\n" + filler)
            let same = embedded.text == filler + "\n" + alone.text + "\n" + filler && embedded.count == alone.count
            #expect(same, "differs in context: \(text.prefix(300).debugDescription)")
            if !same { return }
        }
    }
}

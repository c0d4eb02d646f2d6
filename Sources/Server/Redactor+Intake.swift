import AftermathCore
import Archive
import Intake
import Redaction

extension Redactor {
    /// The delivery to store, and how many secrets were replaced. The body is redacted before it
    /// is parsed, so every field derived from it (titles, labels, services) comes from redacted
    /// text; then every stored field is redacted again on its own, headers included. Signatures
    /// were checked over the raw bytes before.
    ///
    /// Keys are identities, not text: dedup keys (the delivery's and its changes'), correlation
    /// keys and alert fingerprints come from the raw request, so deliveries, incidents and alerts
    /// that differ only inside a secret stay distinct (the body is parsed a second time, raw, only
    /// when redaction changed it). See `storedDedupKey`.
    func redactedDelivery(_ webhook: WebhookRequest, parse: (WebhookRequest) -> IncomingDelivery) -> (IncomingDelivery, Int) {
        var redactedWebhook = webhook
        let body = redact(bytes: webhook.body)
        redactedWebhook.body = body.bytes
        var delivery = parse(redactedWebhook)
        let raw = body.bytes == webhook.body ? delivery : parse(webhook)
        let fields = redactFields(&delivery)
        delivery.dedupKey = Self.storedDedupKey(raw: raw.dedupKey, redacted: delivery.dedupKey)
        // Both parses read the same structure; should they disagree (a raw body that only parses
        // once redacted), the changes keep their redacted keys.
        if raw.changes.count == delivery.changes.count {
            for (index, change) in raw.changes.enumerated() {
                delivery.changes[index].dedupKey = Self.storedDedupKey(raw: change.dedupKey, redacted: delivery.changes[index].dedupKey)
            }
        }
        if raw.signals.count == delivery.signals.count {
            for (index, signal) in raw.signals.enumerated() {
                Self.restoreIdentities(of: &delivery.signals[index], raw: signal)
            }
        }
        return (delivery, body.count + fields)
    }

    /// Gives a redacted signal the correlation key and alert fingerprints of its raw twin, in their
    /// stored form: a secret then neither merges two incidents (or two alerts) nor is stored.
    private static func restoreIdentities(of signal: inout Signal, raw: Signal) {
        signal.correlationKey = storedDedupKey(raw: raw.correlationKey, redacted: signal.correlationKey)
        guard raw.alerts.count == signal.alerts.count else { return }
        for (index, alert) in raw.alerts.enumerated() {
            signal.alerts[index].fingerprint = storedDedupKey(raw: alert.fingerprint, redacted: signal.alerts[index].fingerprint)
        }
    }

    /// The form of a dedup key that is stored: the key as received when redaction (of the body it
    /// came from, then of the key itself) left it unchanged, so common keys stay readable;
    /// otherwise `sha256:` and the hex SHA-256 of the raw key, which tells distinct keys apart
    /// without storing the secret. Deterministic: the same request always gets the same key.
    static func storedDedupKey(raw: String, redacted: String) -> String {
        raw == redacted ? raw : "sha256:" + IncomingDelivery.sha256Hex(Array(raw.utf8))
    }

    /// Redacts every stored field of a delivery but its body: header values, the error, the dedup
    /// key and every text field of its signals and changes. Returns the count. Each field is made
    /// `StoredText.visible` first (a NUL becomes U+FFFD, never a cut), so a key that held a NUL is
    /// stored as its hash (`storedDedupKey`), exactly like one that held a secret.
    func redactFields(_ delivery: inout IncomingDelivery) -> Int {
        var count = 0
        delivery.dedupKey = text(of: delivery.dedupKey, &count)
        delivery.headers = delivery.headers.map { header in
            // Credential headers are already masked to `Scheme [masked]`.
            if IncomingDelivery.credentialHeaders.contains(header.name.lowercased()) { return header }
            let r = redact(StoredText.visible(header.value), key: header.name)
            count += r.count
            return (header.name, r.text)
        }
        if let error = delivery.error {
            let r = redact(StoredText.visible(error))
            delivery.error = r.text
            count += r.count
        }
        delivery.signals = delivery.signals.map { signal in
            var s = signal
            s.correlationKey = text(of: s.correlationKey, &count)
            s.services = s.services.map { text(of: $0, &count) }
            s.title = s.title.map { text(of: $0, &count) }
            s.summary = text(of: s.summary, &count)
            s.link = s.link.map { text(of: $0, &count) }
            s.actor = s.actor.map { text(of: $0, &count) }
            s.labels = labels(of: s.labels, &count)
            if var page = s.statusPage {
                page.id = text(of: page.id, &count)
                page.name = text(of: page.name, &count)
                page.status = text(of: page.status, &count)
                s.statusPage = page
            }
            s.alerts = s.alerts.map { alert in
                var a = alert
                a.fingerprint = text(of: a.fingerprint, &count)
                a.name = text(of: a.name, &count)
                a.labels = labels(of: a.labels, &count)
                a.annotations = labels(of: a.annotations, &count)
                a.generatorURL = a.generatorURL.map { text(of: $0, &count) }
                return a
            }
            return s
        }
        delivery.changes = delivery.changes.map { redacted($0, &count) }
        return count
    }

    /// `change` with every text field redacted, and how many secrets were replaced (`change record`).
    public func redacted(_ change: ChangeEvent) -> (change: ChangeEvent, count: Int) {
        var count = 0
        let result = redacted(change, &count)
        return (result, count)
    }

    private func redacted(_ change: ChangeEvent, _ count: inout Int) -> ChangeEvent {
        var c = change
        c.dedupKey = text(of: c.dedupKey, &count)
        c.service = text(of: c.service, &count)
        c.version = text(of: c.version, &count)
        c.actor = c.actor.map { text(of: $0, &count) }
        c.link = c.link.map { text(of: $0, &count) }
        c.status = c.status.map { text(of: $0, &count) }
        c.environment = c.environment.map { text(of: $0, &count) }
        return c
    }

    private func text(of value: String, _ count: inout Int) -> String {
        let r = redact(StoredText.visible(value))
        count += r.count
        return r.text
    }

    private func labels(of value: [String: String], _ count: inout Int) -> [String: String] {
        let r = redact(labels: StoredText.visible(value))
        count += r.count
        return r.labels
    }
}

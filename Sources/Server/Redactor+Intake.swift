import AftermathCore
import Archive
import Redaction

extension Redactor {
    /// Redacts everything of a delivery that will be stored: the raw body, header values and every
    /// text field of its signals (titles, summaries, labels, annotations, links). Returns the count.
    func redact(_ delivery: inout IncomingDelivery) -> Int {
        var count = 0
        let body = redact(bytes: delivery.body)
        delivery.body = body.bytes
        count += body.count
        delivery.headers = delivery.headers.map { header in
            // Credential headers are already masked to `Scheme [masked]`.
            if IncomingDelivery.credentialHeaders.contains(header.name.lowercased()) { return header }
            let r = redact(header.value, key: header.name)
            count += r.count
            return (header.name, r.text)
        }
        if let error = delivery.error {
            let r = redact(error)
            delivery.error = r.text
            count += r.count
        }
        delivery.signals = delivery.signals.map { signal in
            var s = signal
            s.title = s.title.map { text(of: $0, &count) }
            s.summary = text(of: s.summary, &count)
            s.link = s.link.map { text(of: $0, &count) }
            s.actor = s.actor.map { text(of: $0, &count) }
            s.labels = labels(of: s.labels, &count)
            s.alerts = s.alerts.map { alert in
                var a = alert
                a.name = text(of: a.name, &count)
                a.labels = labels(of: a.labels, &count)
                a.annotations = labels(of: a.annotations, &count)
                a.generatorURL = a.generatorURL.map { text(of: $0, &count) }
                return a
            }
            return s
        }
        return count
    }

    private func text(of value: String, _ count: inout Int) -> String {
        let r = redact(value)
        count += r.count
        return r.text
    }

    private func labels(of value: [String: String], _ count: inout Int) -> [String: String] {
        let r = redact(labels: value)
        count += r.count
        return r.labels
    }
}

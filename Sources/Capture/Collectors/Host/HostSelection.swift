import Settings

/// Which allow-listed hosts a file, journald or command collector runs against.
///
/// Reads `collectors[].host` (a fixed host, default `local`) or `collectors[].host_label` (the
/// values of that label on the incident and on each alert). Every value must exactly match an
/// allow-listed host's name or alias; anything else is refused with a message naming it.
public enum HostSelection {
    /// One result per distinct host selected, in first-seen order (incident labels first), and
    /// one error per refused value.
    public static func resolve(
        collector: CollectorConfig, labels: [String: String], alertLabels: [[String: String]], config: AftermathConfig
    ) -> [Result<HostConfig, HostSelectionError>] {
        let candidates: [(value: String, source: String)]
        if let label = collector.hostLabel {
            let values = ([labels] + alertLabels).compactMap { $0[label] }
            guard !values.isEmpty else { return [.failure(.labelMissing(label: label))] }
            candidates = values.map { ($0, "label '\(label)'") }
        } else {
            candidates = [(collector.host ?? "local", "collector '\(collector.name)' host")]
        }

        var results: [Result<HostConfig, HostSelectionError>] = []
        var seenValues: Set<String> = []
        var seenHosts: Set<String> = []
        for candidate in candidates where seenValues.insert(candidate.value).inserted {
            switch select(candidate.value, source: candidate.source, config: config) {
            case .success(let host):
                if seenHosts.insert(host.name).inserted { results.append(.success(host)) }
            case .failure(let error):
                results.append(.failure(error))
            }
        }
        return results
    }

    /// The allow-listed host `value` names exactly, or why it is refused.
    public static func select(_ value: String, source: String, config: AftermathConfig) -> Result<HostConfig, HostSelectionError> {
        if value.hasPrefix("-") { return .failure(.optionLike(value: value, source: source)) }
        guard let host = config.host(selectedBy: value) else { return .failure(.notAllowListed(value: value, source: source)) }
        return .success(host)
    }
}

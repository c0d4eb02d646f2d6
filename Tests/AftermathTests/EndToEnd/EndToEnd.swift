import Testing

/// Suites that start real programs (aftermath serve, Alertmanager, Prometheus, sshd, Chromium)
/// run one after another: on 2-core machines they would otherwise starve each other's timers.
@Suite("End to end, with real programs", .serialized)
enum EndToEnd {}

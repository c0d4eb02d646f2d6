import Archive
import Foundation

extension PrometheusCollector {
    /// The configured queries, then one per distinct alert expression (when `alert_expression`);
    /// an alert name with no expression anywhere gets one `skipped` item saying why.
    static func plan(_ context: CaptureContext) -> [PlannedQuery] {
        var planned = PlannedQuery.fromTemplates(context.collector.queries, labels: context.labels)
        guard context.collector.alertExpression else { return planned }
        let expressions = context.alerts.map { $0.generatorURL.flatMap(GeneratorURL.expression(in:)) }
        let namesWithExpression = Set(zip(context.alerts, expressions).compactMap { $1 == nil ? nil : $0.name })
        var seenExpressions: Set<String> = []
        var notedAlerts: Set<String> = []
        var usedNames = Set(planned.map(\.name))
        for (alert, expression) in zip(context.alerts, expressions) {
            if let expression {
                guard seenExpressions.insert(expression).inserted else { continue }
                planned.append(PlannedQuery(name: uniqueName("alert \(alert.name)", in: &usedNames), query: expression))
            } else if !namesWithExpression.contains(alert.name), notedAlerts.insert(alert.name).inserted {
                let reason = alert.generatorURL == nil
                    ? "alert \(alert.name) has no generatorURL"
                    : "alert \(alert.name)'s generatorURL has no g0.expr parameter"
                planned.append(
                    PlannedQuery(
                        name: uniqueName("alert \(alert.name)", in: &usedNames), query: "",
                        problem: .init(status: .skipped, message: reason)))
            }
        }
        return planned
    }

    /// `base`, or `base (2)`, `base (3)`… when taken.
    static func uniqueName(_ base: String, in used: inout Set<String>) -> String {
        var name = base
        var counter = 2
        while used.contains(name) {
            name = "\(base) (\(counter))"
            counter += 1
        }
        used.insert(name)
        return name
    }
}

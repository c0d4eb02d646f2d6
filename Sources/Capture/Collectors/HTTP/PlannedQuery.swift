import AftermathCore
import Archive
import Foundation

/// One query a Prometheus or Loki collector means to run, or why it cannot.
struct PlannedQuery: Sendable, Equatable {
    /// Why a query will not run: the item status and the exact reason.
    struct Problem: Error, Sendable, Equatable {
        var status: EvidenceStatus
        var message: String
    }

    /// The item name: `query 2: rate(http_requests_total{…`, `alert HighErrorRate`.
    var name: String
    /// The rendered query, or the template when it could not be rendered.
    var query: String
    var problem: Problem?

    /// Longest query prefix in an item name.
    static let nameLength = 60

    /// One planned query per configured template, labels escaped for a double-quoted string.
    static func fromTemplates(_ templates: [String], labels: [String: String]) -> [PlannedQuery] {
        templates.enumerated().map { index, template in
            let number = index + 1
            do throws(QueryTemplate.MissingLabel) {
                let query = try QueryTemplate(template).render(labels: labels, escaping: .doubleQuotedString)
                return PlannedQuery(name: queryName(number, query), query: query)
            } catch {
                let problem = Problem(status: .failed, message: "query \(number): \(error.description)")
                return PlannedQuery(name: queryName(number, template), query: template, problem: problem)
            }
        }
    }

    /// `query <n>: <first 60 characters, whitespace runs collapsed>`.
    static func queryName(_ number: Int, _ query: String) -> String {
        "query \(number): \(SingleLine.joined(query, breakingAt: \.isWhitespace).prefix(nameLength))"
    }

    /// The item recording that this query did not run, or ran into `problem` before any request.
    func unusableItem(kind: EvidenceKind, problem: Problem, request: [String: String] = [:], at date: Date, finishedAt: Date) -> CollectedItem {
        var fields = request
        fields["query"] = query
        return CollectedItem(
            header: EvidenceHeader(kind: kind, name: name, request: fields, status: problem.status, error: problem.message),
            startedAt: date, finishedAt: finishedAt)
    }
}

/// Runs per-query work a few at a time and returns the results in input order.
enum QueryFanOut {
    /// `transform` of each element, at most `limit` running at once.
    static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], limit: Int, _ transform: @escaping @Sendable (Element) async -> Result
    ) async -> [Result] {
        await withTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: elements.count)
            var next = 0
            while next < min(max(limit, 1), elements.count) {
                let index = next
                group.addTask { (index, await transform(elements[index])) }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < elements.count {
                    let index = next
                    group.addTask { (index, await transform(elements[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}

import Archive
import Foundation

/// Who responded, from the timeline's actors: who acknowledged, resolved, added notes (PagerDuty
/// annotations included) or updated the status page, in order of their first action.
public enum Responders {
    /// One person (or tool) and what they did, counted.
    public struct Responder: Sendable, Equatable {
        public var name: String
        /// `acknowledged`, `resolved`, `note`, `status page`, with counts, in order of first appearance.
        public var actions: [(String, Int)]

        public static func == (a: Responder, b: Responder) -> Bool {
            a.name == b.name && a.actions.map(\.0) == b.actions.map(\.0) && a.actions.map(\.1) == b.actions.map(\.1)
        }
    }

    /// The responders of `timeline` (in time order).
    public static func list(_ timeline: [TimelineEventRecord]) -> [Responder] {
        var people: [Responder] = []
        for event in timeline {
            let action: String
            switch event.kind {
            case .acknowledged: action = "acknowledged"
            case .resolved: action = "resolved"
            case .note, .annotation: action = "note"
            case .statusUpdate: action = "status page"
            case .chatMessage: action = "chat"
            default: continue
            }
            var name = (event.actor ?? "").trimmingCharacters(in: .whitespaces)
            if name.isEmpty {
                // A status page update names its page when it names no person; other rows without an actor are not attributable.
                guard event.kind == .statusUpdate else { continue }
                name = event.source
            }
            if let i = people.firstIndex(where: { $0.name == name }) {
                if let j = people[i].actions.firstIndex(where: { $0.0 == action }) {
                    people[i].actions[j].1 += 1
                } else {
                    people[i].actions.append((action, 1))
                }
            } else {
                people.append(Responder(name: name, actions: [(action, 1)]))
            }
        }
        return people
    }

    /// `dave (acknowledged), carol (2 notes), alice (resolved, status page)`; nil when nobody is named.
    public static func text(_ responders: [Responder]) -> String? {
        guard !responders.isEmpty else { return nil }
        return responders.map { person in
            let actions = person.actions.map { action, count -> String in
                guard count > 1 else { return action }
                return action == "note" ? "\(count) notes" : action == "status page" ? "\(count) status page updates" : "\(action) ×\(count)"
            }
            return "\(person.name) (\(actions.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }
}

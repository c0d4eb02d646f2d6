import Foundation
import Yams

extension FrontMatter {
    /// Why a front matter could not be read.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// What is wrong, for the build summary and the generator's error.
        public var reason: String
        public var description: String { reason }
    }

    /// The front matter's keys as text: values are read as written, with no implicit types (a
    /// time stays a string, `yes` is not a boolean). The one YAML reading of a postmortem.
    public struct Fields: Sendable {
        /// Each key's value: a trimmed scalar, or a list of trimmed scalars (nil items are not scalars).
        private let values: [String: Value]

        enum Value: Sendable {
            case scalar(String)
            case list([String?])
            case other
        }

        /// Reads the YAML between the fences; an empty block has no keys.
        public init(yaml: String) throws(ParseError) {
            let node: Node?
            do {
                // The encoding given, not `.default`: that getter reads the whole environment on every call
                // (more than the parse itself for a postmortem's few keys); a Swift String is UTF-8 either way.
                node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
            } catch {
                throw ParseError(reason: "front matter is not valid YAML: \(String(describing: error).prefix(300))")
            }
            guard let node else {
                values = [:]
                return
            }
            guard let mapping = node.mapping else { throw ParseError(reason: "front matter is not a YAML mapping") }
            var values: [String: Value] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { continue }
                if let scalar = value.scalar {
                    values[name] = .scalar(scalar.string.trimmingWhitespace)
                } else if let list = value.sequence {
                    values[name] = .list(list.map { $0.scalar?.string.trimmingWhitespace })
                } else {
                    values[name] = .other
                }
            }
            self.values = values
        }

        /// Whether `key` is present, whatever its value.
        public func has(_ key: String) -> Bool { values[key] != nil }

        /// The text of a scalar `key`; nil when absent, not a scalar, empty, `~` or `null`.
        public func text(_ key: String) -> String? {
            guard case .scalar(let s) = values[key], !s.isEmpty, s != "~", s != "null" else { return nil }
            return s
        }

        /// The scalar items of list `key`; nil when it is not a list.
        public func list(_ key: String) -> [String]? {
            guard case .list(let items) = values[key] else { return nil }
            return items.compactMap { $0 }
        }

        /// Whether `key` is a list whose every item is a scalar.
        public func isListOfText(_ key: String) -> Bool {
            guard case .list(let items) = values[key] else { return false }
            return !items.contains(nil)
        }

        /// `status` as written, and what it means (nil when absent or not a status).
        public var status: (text: String, meaning: PostmortemStatus?)? {
            text("status").map { ($0, PostmortemStatus(normalising: $0)) }
        }
    }

    /// Parses the YAML between the `---` lines; throws when it is not YAML, has no `id` or an unknown status.
    public static func parse(yaml: String) throws(ParseError) -> FrontMatter {
        let fields = try Fields(yaml: yaml)
        guard let id = fields.text("id") else { throw ParseError(reason: "front matter has no `id` (the incident id)") }
        var services: [String] = []
        if let list = fields.list("services") {
            services = list.filter { !$0.isEmpty }
        } else if let single = fields.text("services") {
            services = single.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var status: PostmortemStatus?
        if let written = fields.status {
            guard let meaning = written.meaning else {
                throw ParseError(reason: "front matter `status: \(written.text.prefix(40))` is not draft, in-review or final")
            }
            status = meaning
        }
        return FrontMatter(
            id: id, title: fields.text("title"), status: status, severity: fields.text("severity"), services: services,
            started: fields.text("started"), detected: fields.text("detected"), acknowledged: fields.text("acknowledged"),
            resolved: fields.text("resolved"), duration: fields.text("duration"), owner: fields.text("owner"))
    }
}

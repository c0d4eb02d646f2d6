import Foundation

/// A coding key for any string, used to list the keys a YAML mapping really holds.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws when the mapping holds a key outside `known`, so a typo such as
    /// `bearer_tokn_file` fails loudly instead of silently leaving a source open.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let container = try container(keyedBy: AnyKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            let path = (codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw ConfigError.unknownKey(path: path, known: known.sorted())
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a duration written as text (`30m`, `24h`).
    func decodeDuration(_ key: Key) throws -> TimeInterval? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        do {
            return try DurationText.parse(text)
        } catch {
            let path = (codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw ConfigError.invalidValue(path: path, reason: error.description)
        }
    }
}

import AftermathCore

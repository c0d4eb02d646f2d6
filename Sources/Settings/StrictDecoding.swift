import Foundation

/// A coding key for any string, used to list the keys a YAML mapping really holds.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// The mapping's keyed container, after checking that it holds no key outside `Keys`, so a
    /// typo such as `bearer_tokn_file` fails loudly instead of silently leaving a source open.
    func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy _: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let container = try container(keyedBy: AnyKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw ConfigError.unknownKey(path: configKeyPath(codingPath + [key]), known: known.sorted())
        }
        return try self.container(keyedBy: Keys.self)
    }
}

extension KeyedDecodingContainer {
    /// Decodes a duration written as text (`30m`, `24h`).
    func decodeDuration(_ key: Key) throws -> TimeInterval? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        do {
            return try DurationText.parse(text)
        } catch {
            throw ConfigError.invalidValue(path: configKeyPath(codingPath + [key]), reason: error.description)
        }
    }
}

import AftermathCore

/// `notify[0].url_file`: list positions in brackets, as every other message names them.
func configKeyPath(_ path: [any CodingKey]) -> String {
    var out = ""
    for key in path {
        if let index = key.intValue {
            out += "[\(index)]"
        } else {
            out += (out.isEmpty ? "" : ".") + key.stringValue
        }
    }
    return out
}

import AftermathCore
import Yams

/// A configuration value holding a NUL (`"\0"`, `"\x00"` or `"\u0000"` in a double-quoted YAML
/// string) is refused, naming its key: it would reach argv (refused only when a collector runs),
/// evidence names and redaction keywords, where text is read up to its first NUL.
enum ConfigNUL {
    /// Throws `invalidValue` naming the first key whose value (or name) holds a NUL. A document
    /// that does not parse is left to the decoder, which reports its syntax error.
    static func check(yaml text: String) throws {
        guard text.contains("\\") || text.utf8.contains(0), let root = try? Yams.compose(yaml: text) else { return }
        try check(root, path: "")
    }

    private static func check(_ node: Node, path: String) throws {
        switch node {
        case .scalar(let scalar):
            guard scalar.string.utf8.contains(0) else { return }
            throw ConfigError.invalidValue(path: path.isEmpty ? "$" : path, reason: "holds a NUL character (\\0); remove it")
        case .mapping(let mapping):
            for (key, value) in mapping {
                let name = StoredText.visible(key.string ?? "")
                let keyPath = path.isEmpty ? name : path + "." + name
                if key.string?.utf8.contains(0) == true {
                    throw ConfigError.invalidValue(path: keyPath, reason: "the key holds a NUL character (\\0); remove it")
                }
                try check(value, path: keyPath)
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() { try check(item, path: path + "[\(index)]") }
        case .alias:
            return
        }
    }
}

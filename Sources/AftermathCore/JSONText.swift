import Foundation

/// The one encoder configuration for JSON that people and programs read back: HTTP answers and
/// CLI `--json` output. Keys are always sorted, so the bytes do not depend on dictionary order.
/// Stored formats (evidence, manifests, bundles) keep their own encoders: their bytes are hashed.
public enum JSONText {
    /// Compact, for HTTP answers. Slashes stay escaped (`\/`), as the answers always were.
    public static func compact<T: Encodable>(_ value: T) throws -> Data {
        try encoder([.sortedKeys]).encode(value)
    }

    /// Indented with slashes as-is, as the CLI prints it.
    public static func pretty<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]).encode(value), as: UTF8.self)
    }

    private static func encoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        return encoder
    }
}

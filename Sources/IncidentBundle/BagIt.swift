import AftermathCore
import Crypto
import Foundation

/// The BagIt (RFC 8493) layer of a bundle: `bagit.txt`, `bag-info.txt`, `manifest-sha256.txt` (every
/// payload file under `data/`) and `tagmanifest-sha256.txt` (the tag files). Archivists' tools
/// validate it as is; `aftermath verify --bundle` and `tools/aftermath-check.py --bundle` do too.
enum BagIt {
    static let declaration = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    static let payloadManifest = "manifest-sha256.txt"
    static let tagManifest = "tagmanifest-sha256.txt"
    static let info = "bag-info.txt"
    static let bagit = "bagit.txt"

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// `<sha256>  <path>` lines, sorted by path; CR, LF and `%` in names percent-encoded (RFC 8493 §2.1.3).
    static func manifest(_ files: [String: [UInt8]]) -> String {
        files.keys.sorted().map { "\(sha256(files[$0] ?? []))  \(encode($0))\n" }.joined()
    }

    /// (path, sha256) pairs of a manifest; a line that does not parse is reported by its number.
    static func parse(_ text: String, name: String) throws -> [(path: String, sha256: String)] {
        var entries: [(String, String)] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw BundleFailure("\(name) line \(n + 1) is not '<sha256> <path>'")
            }
            let digest = trimmed[..<space].lowercased()
            let path = trimmed[space...].drop { $0 == " " || $0 == "\t" }
            guard digest.count == 64, digest.allSatisfy(\.isHexDigit), !path.isEmpty else {
                throw BundleFailure("\(name) line \(n + 1) is not '<sha256> <path>'")
            }
            entries.append((decode(String(path)), digest))
        }
        return entries
    }

    /// `bag-info.txt` from ordered label/value pairs (values on one line).
    static func info(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0): \(SingleLine.controlsSpaced($0.1))\n" }.joined()
    }

    /// `Payload-Oxum`: total payload bytes and file count.
    static func oxum(_ payload: [String: [UInt8]]) -> String {
        "\(payload.values.reduce(0) { $0 + $1.count }).\(payload.count)"
    }


    private static func encode(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: "\r", with: "%0D")
    }

    private static func decode(_ path: String) -> String {
        path.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%25", with: "%")
    }
}

/// A bundle that cannot be read or written, with the reason.
public struct BundleFailure: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Intake

/// Why a Slack export could not be imported; each names the file, and within it the JSON path.
public enum SlackExportError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case unreadableZip(String, String)
    case unreadableFile(String, String)
    /// A required top-level file is missing (`users.json`, `channels.json`).
    case missingFile(String)
    case malformed(file: String, path: String, reason: String)
    case unknownChannel(String, known: [String])
    case channelFolderMissing(String)
    case unsafeChannelName(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file or directory"
        case .unreadableZip(let path, let why): return "\(path): \(why)"
        case .unreadableFile(let file, let why): return "\(file): cannot be read: \(why)"
        case .missingFile(let file): return "no \(file) at the top of the export: is this a Slack workspace export (unpacked, or its .zip)?"
        case .malformed(let file, let path, let reason): return "\(file) at \(path): \(reason)"
        case .unknownChannel(let name, let known):
            let list = known.prefix(20).map { "#" + $0 }.joined(separator: ", ") + (known.count > 20 ? ", … (\(known.count) in all)" : "")
            return "no channel '\(name)' in the export" + (known.isEmpty ? " (it lists no channels)" : "; it has \(list)")
        case .channelFolderMissing(let name): return "channel #\(name) is listed but the export has no \(name)/ folder of messages"
        case .unsafeChannelName(let name): return "channel name '\(name)' cannot name a folder (it holds '/' or starts with '.')"
        }
    }

    static func malformed(_ file: String, _ error: JSONDocumentError) -> SlackExportError {
        .malformed(file: file, path: error.path, reason: error.reason)
    }
}

/// Why a postmortem could not be written or read.
public enum PostmortemError: Error, Equatable, CustomStringConvertible {
    case unknownIncident(String)
    /// The file's front matter does not parse: the generator will not guess.
    case unreadableFrontMatter(path: String, reason: String)
    case unsafeFileName(String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownIncident(let id):
            return "no incident '\(id)' in the archive (see `aftermath incident list`)"
        case .unreadableFrontMatter(let path, let reason):
            return "\(path): the front matter cannot be read (\(reason)); fix it (see `aftermath postmortem check`) and generate again"
        case .unsafeFileName(let name):
            return "refusing to write postmortem file name '\(name)': not a plain file name"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}

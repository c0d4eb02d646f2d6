import Foundation

/// The built-in postmortem template: `templates/postmortem.md`, compiled in by the EmbedTemplates
/// plugin (there is no second copy to keep in step). Used when no template file is configured and
/// `<templates>/postmortem.md` does not exist.
enum DefaultPostmortemTemplate {
    static let text: String = {
        guard let entry = EmbeddedTemplates.base64.first(where: { $0.path == "postmortem.md" }),
              let data = Data(base64Encoded: entry.bytes) else {
            preconditionFailure("templates/postmortem.md was not embedded at build time")
        }
        return String(decoding: data, as: UTF8.self)
    }()
}

import Foundation
import PostmortemFormat

/// One `*.md` file in the postmortems directory, as last seen: identity, content hash and front matter.
public struct PostmortemFile: Sendable, Equatable {
    /// The file name inside the postmortems directory.
    public var name: String
    /// Modification time (nanoseconds since 1970) and size: unchanged ones are not read again.
    public var modified: Int64
    public var size: Int64
    /// Hash of the whole file's bytes.
    public var hash: UInt64
    /// The parsed front matter, when it parsed.
    public var frontMatter: FrontMatter?
    /// Why the file could not be used, when it could not.
    public var error: String?
    /// Summary and action items, when the file was read in this run (the manifest does not keep them).
    public var digest: PostmortemBodyDigest?
    /// The Markdown body, when the file was read in this run (so pages rendered now need not read it again).
    public var body: String?

    /// Equal when they record the same version of the same file (the digest is derived from it).
    public static func == (a: PostmortemFile, b: PostmortemFile) -> Bool {
        a.name == b.name && a.modified == b.modified && a.size == b.size && a.hash == b.hash && a.frontMatter == b.frontMatter
            && a.error == b.error
    }

    /// Reads, hashes and parses the file at `path`.
    static func read(name: String, path: String, modified: Int64, size: Int64) -> PostmortemFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            return PostmortemFile(name: name, modified: modified, size: size, hash: 0, frontMatter: nil, error: "cannot read the file")
        }
        let hash = ContentHasher.hash(data)
        let text = String(decoding: data, as: UTF8.self)
        let parts = PostmortemDocument.split(text)
        let digest = PostmortemBodyDigest.parse(parts.body)
        guard let yaml = parts.frontMatter else {
            return PostmortemFile(name: name, modified: modified, size: size, hash: hash, frontMatter: nil,
                                  error: "no YAML front matter (--- lines with `id:` at the top)", digest: digest, body: parts.body)
        }
        do {
            return PostmortemFile(name: name, modified: modified, size: size, hash: hash,
                                  frontMatter: try FrontMatter.parse(yaml: yaml), error: nil, digest: digest, body: parts.body)
        } catch {
            return PostmortemFile(name: name, modified: modified, size: size, hash: hash, frontMatter: nil, error: error.description, digest: digest, body: parts.body)
        }
    }
}

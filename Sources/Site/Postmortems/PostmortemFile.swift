import Foundation

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
    public var frontMatter: PostmortemFrontMatter?
    /// Why the file could not be used, when it could not.
    public var error: String?

    /// A file record.
    public init(name: String, modified: Int64, size: Int64, hash: UInt64, frontMatter: PostmortemFrontMatter?, error: String?) {
        self.name = name
        self.modified = modified
        self.size = size
        self.hash = hash
        self.frontMatter = frontMatter
        self.error = error
    }

    /// Reads, hashes and parses the file at `path`.
    static func read(name: String, path: String, modified: Int64, size: Int64) -> PostmortemFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            return PostmortemFile(name: name, modified: modified, size: size, hash: 0, frontMatter: nil, error: "cannot read the file")
        }
        let hash = ContentHasher.hash(data)
        let text = String(decoding: data, as: UTF8.self)
        guard let yaml = PostmortemText.split(text).frontMatter else {
            return PostmortemFile(name: name, modified: modified, size: size, hash: hash, frontMatter: nil,
                                  error: "no YAML front matter (--- lines with `id:` at the top)")
        }
        do {
            return PostmortemFile(name: name, modified: modified, size: size, hash: hash,
                                  frontMatter: try PostmortemFrontMatter.parse(yaml: yaml), error: nil)
        } catch {
            return PostmortemFile(name: name, modified: modified, size: size, hash: hash, frontMatter: nil, error: error.description)
        }
    }
}

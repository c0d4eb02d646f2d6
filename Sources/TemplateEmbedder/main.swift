import Foundation

/// Writes a Swift file holding the bytes of a template file or of every file under a template
/// folder, so the binary carries `templates/` and runs from any directory. Run by the
/// EmbedTemplates build-tool plugin: `TemplateEmbedder <file-or-folder> <output.swift>`.
/// Bytes are stored as base64, which keeps every byte exact (CR, NUL, non-UTF-8) and compiles fast.
@main
enum TemplateEmbedder {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: TemplateEmbedder <file-or-folder> <output.swift>\n".utf8))
            exit(2)
        }
        let source = URL(fileURLWithPath: arguments[1])
        let files = try embeddedFiles(at: source)
        var swift = """
            // Generated at build time by the EmbedTemplates plugin from \(source.lastPathComponent).
            // Do not edit: change the files under templates/ instead.

            /// The built-in copy of `templates/\(source.lastPathComponent)`: path inside it → base64 bytes.
            enum EmbeddedTemplates {
                static let base64: [(path: String, bytes: String)] = [

            """
        for (path, data) in files {
            swift += "        (\(literal(path)), \"\(data.base64EncodedString())\"),\n"
        }
        swift += "    ]\n}\n"
        try Data(swift.utf8).write(to: URL(fileURLWithPath: arguments[2]), options: .atomic)
    }

    /// `(relative path, bytes)` of every regular file under `source` (or of `source` itself), sorted;
    /// hidden files are skipped.
    static func embeddedFiles(at source: URL) throws -> [(String, Data)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: source.path])
        }
        guard isDirectory.boolValue else { return [(source.lastPathComponent, try Data(contentsOf: source))] }
        var result: [(String, Data)] = []
        let root = source.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            let path = root + "/" + relative
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &directory), !directory.boolValue else { continue }
            result.append((relative, try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// A Swift string literal for a file path (escaped, never interpolated).
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

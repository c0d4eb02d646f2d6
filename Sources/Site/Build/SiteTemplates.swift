import Foundation
import Mustache

/// The HTML templates (`*.mustache`) and static assets (`assets/*`): the built-in copy of
/// `templates/site/`, with any file overridden by the configured `<templates>/site/`.
///
/// Templates are Mustache and must parse with swift-mustache; pages are rendered by `TemplateSet`,
/// a compiled renderer for the same subset: a full build at 10,000 incidents takes half the time
/// swift-mustache's does, at 1,000 the two are even (README, "Template engines";
/// `bench/site_engines.sh`). Tests render every template with both and compare.
public struct SiteTemplates: Sendable {
    /// Why the templates could not be loaded.
    public struct LoadError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Templates every build needs.
    public static let required = [
        "header", "footer", "filters", "listing", "row", "incident", "evidence", "services", "search", "feed",
        "related", "insights", "number", "service",
    ]

    let library: MustacheLibrary
    let compiled: TemplateSet
    /// Render through swift-mustache instead (tests compare the two).
    var useReference = false
    /// Asset path inside the site (`assets/site.css`) → bytes.
    let assets: [String: Data]
    /// Hash of every template and asset: when it changes, every page is rendered again.
    let hash: UInt64

    /// The built-in templates and assets: `templates/site/` as it was when the binary was built
    /// (compiled in by the EmbedTemplates plugin), path inside the folder → bytes.
    public static let builtInFiles: [String: Data] = {
        var files: [String: Data] = [:]
        for entry in EmbeddedTemplates.base64 {
            guard let data = Data(base64Encoded: entry.bytes) else {
                preconditionFailure("templates/site/\(entry.path) was not embedded correctly")
            }
            files[entry.path] = data
        }
        return files
    }()

    /// The built-in templates, overridden file by file by those under `overrides` (the `site`
    /// folder of the configured `templates:` directory), which must exist when given.
    public static func load(overrides: String?) throws(LoadError) -> SiteTemplates {
        var files = builtInFiles
        if let overrides {
            for (path, data) in try Self.files(under: overrides) { files[path] = data }
        }
        return try compile(files, origin: overrides.map { "\($0) (over the built-in templates)" } ?? "the built-in templates")
    }

    /// The `*.mustache` files directly under `directory` and the files under its `assets/`.
    static func files(under directory: String) throws(LoadError) -> [String: Data] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LoadError(description: "site templates not found at \(directory) (`templates:` in the configuration names the folder holding site/; leave it unset for the built-in templates)")
        }
        var files: [String: Data] = [:]
        for name in ((try? fm.contentsOfDirectory(atPath: directory)) ?? []) where name.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: path) else { throw LoadError(description: "cannot read template \(path)") }
            files[name] = data
        }
        let assetDirectory = (directory as NSString).appendingPathComponent("assets")
        for name in ((try? fm.contentsOfDirectory(atPath: assetDirectory)) ?? []) where !name.hasPrefix(".") {
            let path = (assetDirectory as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            guard let data = fm.contents(atPath: path) else { throw LoadError(description: "cannot read asset \(path)") }
            files["assets/" + name] = data
        }
        return files
    }

    /// Parses every template and collects the assets; `origin` names the set in errors.
    static func compile(_ files: [String: Data], origin: String) throws(LoadError) -> SiteTemplates {
        var library = MustacheLibrary()
        var compiled = TemplateSet()
        var hasher = ContentHasher()
        var assets: [String: Data] = [:]
        for path in files.keys.sorted() {
            let data = files[path] ?? Data()
            hasher.combine(path)
            hasher.combine(bytes: data)
            if path.hasPrefix("assets/") {
                assets[path] = data
                continue
            }
            guard path.hasSuffix(".mustache"), !path.contains("/") else { continue }
            let name = String(path.dropLast(".mustache".count))
            let text = String(decoding: data, as: UTF8.self)
            do {
                try library.register(text, named: name)
                try compiled.register(text, named: name)
            } catch {
                throw LoadError(description: "template \(path) from \(origin) does not parse: \(error)")
            }
        }
        for name in required where library.getTemplate(named: name) == nil {
            throw LoadError(description: "template \(name).mustache is missing from \(origin)")
        }
        for asset in [SitePaths.stylesheet, SitePaths.searchScript, SitePaths.logViewerScript] where assets[asset] == nil {
            throw LoadError(description: "asset \(asset) is missing from \(origin)")
        }
        return SiteTemplates(library: library, compiled: compiled, assets: assets, hash: hasher.value)
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        useReference ? renderWithMustache(name, context) : compiled.render(name, context)
    }

    /// The same as UTF-8 bytes, as pages are written (the compiled renderer produces bytes).
    func renderBytes(_ name: String, _ context: [String: Any]) -> [UInt8] {
        useReference ? Array(renderWithMustache(name, context).utf8) : compiled.renderBytes(name, context)
    }

    /// The same through swift-mustache (the reference the compiled renderer is checked against).
    func renderWithMustache(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

import Foundation
import Mustache

/// The HTML templates (`<templates>/site/*.mustache`) and static assets (`<templates>/site/assets/*`).
///
/// Templates are Mustache and must parse with swift-mustache; pages are rendered by `TemplateSet`,
/// a compiled renderer for the same subset that is several times faster on large sites (no
/// reflection per lookup). Tests render every template with both and compare.
public struct SiteTemplates: Sendable {
    /// Why the templates could not be loaded.
    public struct LoadError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Templates every build needs.
    public static let required = [
        "header", "footer", "filters", "listing", "row", "incident", "evidence", "services", "search", "feed",
        "related", "insights", "number",
    ]

    let library: MustacheLibrary
    let compiled: TemplateSet
    /// Render through swift-mustache instead (tests compare the two).
    var useReference = false
    /// Asset path inside the site (`assets/site.css`) → bytes.
    let assets: [String: Data]
    /// Hash of every template and asset: when it changes, every page is rendered again.
    let hash: UInt64

    /// Loads the templates under `directory` (the `site` folder inside the configured templates directory).
    public static func load(directory: String) throws(LoadError) -> SiteTemplates {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LoadError(description: "site templates not found at \(directory) (set `templates:` in the configuration to the folder holding site/)")
        }
        var library = MustacheLibrary()
        var compiled = TemplateSet()
        var hasher = ContentHasher()
        let names = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: path) else { throw LoadError(description: "cannot read template \(path)") }
            let text = String(decoding: data, as: UTF8.self)
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
                try compiled.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "template \(path) does not parse: \(error)")
            }
            hasher.combine(name)
            hasher.combine(bytes: data)
        }
        for name in required where library.getTemplate(named: name) == nil {
            throw LoadError(description: "template \(name).mustache is missing from \(directory)")
        }
        var assets: [String: Data] = [:]
        let assetDirectory = (directory as NSString).appendingPathComponent("assets")
        for name in ((try? fm.contentsOfDirectory(atPath: assetDirectory)) ?? []).sorted() where !name.hasPrefix(".") {
            let path = (assetDirectory as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: path) else { continue }
            assets["assets/" + name] = data
            hasher.combine(name)
            hasher.combine(bytes: data)
        }
        for asset in [SitePaths.stylesheet, SitePaths.searchScript] where assets[asset] == nil {
            throw LoadError(description: "asset \(asset) is missing from \(directory)")
        }
        return SiteTemplates(library: library, compiled: compiled, assets: assets, hash: hasher.value)
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        useReference ? renderWithMustache(name, context) : compiled.render(name, context)
    }

    /// The same through swift-mustache (the reference the compiled renderer is checked against).
    func renderWithMustache(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

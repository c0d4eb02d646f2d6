import Foundation
import PackagePlugin

/// Compiles the repository's `templates/` into the modules that use them, so there is one copy
/// (the folder) and the binary works from any directory: `Site` gets `templates/site/`,
/// `Postmortem` gets `templates/postmortem.md`, each as a generated `EmbeddedTemplates` enum.
@main
struct EmbedTemplates: BuildToolPlugin {
    /// Which part of `templates/` each target embeds.
    static let sources = ["Site": "site", "Postmortem": "postmortem.md"]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let name = Self.sources[target.name] else {
            Diagnostics.error("EmbedTemplates: no templates are assigned to target \(target.name)")
            return []
        }
        let source = context.package.directoryURL.appending(path: "templates").appending(path: name)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [
            .buildCommand(
                displayName: "Embedding templates/\(name) into \(target.name)",
                executable: try context.tool(named: "TemplateEmbedder").url,
                arguments: [source.path, output.path],
                inputFiles: Self.files(under: source),
                outputFiles: [output])
        ]
    }

    /// Every file the output depends on (the folder's files, or the one file).
    static func files(under source: URL) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [source] }
        var files: [URL] = []
        let enumerator = FileManager.default.enumerator(at: source, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }
}

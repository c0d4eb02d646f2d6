import Foundation

/// The files of a chat export, whether unpacked into a directory or still in its ZIP: paths are
/// relative to the export's top (`users.json`, `inc-api/2026-11-27.json`). A ZIP whose files sit in
/// one top folder (an unpacked export zipped again) is read from inside that folder.
struct ExportFiles {
    private enum Storage {
        case directory(URL)
        case zip(ZipArchive, prefix: String)
    }

    private let storage: Storage
    /// The path as given, for messages.
    let path: String

    /// Opens `path`: a directory, or a ZIP file (recognised by its content, not its name).
    init(path: String) throws(SlackExportError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        if isDirectory.boolValue {
            storage = .directory(URL(fileURLWithPath: path, isDirectory: true))
            return
        }
        let zip: ZipArchive
        do {
            zip = try ZipArchive(path: path)
        } catch let failure as ZipArchive.Failure {
            throw .unreadableZip(path, failure.description)
        } catch {
            throw .unreadableZip(path, "\(error)")
        }
        let tops = Set(zip.names.filter { $0.hasSuffix("/users.json") && $0.split(separator: "/").count == 2 }.map { String($0.dropLast("users.json".count)) })
        storage = .zip(zip, prefix: zip.names.contains("users.json") || tops.count != 1 ? "" : tops.first ?? "")
    }

    /// The bytes of `name`; nil when the export has no such file.
    func read(_ name: String) throws(SlackExportError) -> [UInt8]? {
        switch storage {
        case .directory(let root):
            let url = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            do {
                return [UInt8](try Data(contentsOf: url))
            } catch {
                throw .unreadableFile(name, "\(error.localizedDescription)")
            }
        case .zip(let zip, let prefix):
            do {
                return try zip.read(prefix + name)
            } catch let failure as ZipArchive.Failure {
                throw .unreadableZip(path, failure.description)
            } catch {
                throw .unreadableZip(path, "\(error)")
            }
        }
    }

    /// Names of the files directly inside folder `folder`, sorted; nil when there is no such folder.
    func files(in folder: String) throws(SlackExportError) -> [String]? {
        switch storage {
        case .directory(let root):
            let url = root.appendingPathComponent(folder, isDirectory: true)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            do {
                return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            } catch {
                throw .unreadableFile(folder, "\(error.localizedDescription)")
            }
        case .zip(let zip, let prefix):
            let start = prefix + folder + "/"
            let names = zip.names.filter { $0.hasPrefix(start) && $0.count > start.count }.map { String($0.dropFirst(start.count)) }
                .filter { !$0.contains("/") }
            return names.isEmpty && !zip.names.contains(start) ? nil : names.sorted()
        }
    }
}

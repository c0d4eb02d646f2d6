import Foundation
@testable import Site
import Testing

/// The page check a kept-plan rebuild makes of every page: listings per directory, as `exists` says.
@Suite("Site page writer")
struct PageWriterTests {
    @Test("Every page exists only when each does: listed files and directories, followed links, no dangling ones")
    func allExist() throws {
        let dir = try TemporaryDirectory()
        let writer = PageWriter(root: dir.path)
        try writer.prepare(directories: ["incident", "search"])
        try writer.write("index.html", "<p>")
        try writer.write("incident/a.html", "<p>")
        try writer.write("search/shard-0.js", "x")
        #expect(writer.allExist(["index.html", "incident/a.html", "search/shard-0.js", "incident", "search"]))
        #expect(writer.allExist([String]()))
        #expect(!writer.allExist(["index.html", "incident/b.html"]))
        #expect(!writer.allExist(["missing/a.html"]))
        #expect(!writer.allExist(["feed.xml", "index.html"]))

        try FileManager.default.createSymbolicLink(atPath: dir.file("incident/linked.html"), withDestinationPath: dir.file("incident/a.html"))
        try FileManager.default.createSymbolicLink(atPath: dir.file("incident/dangling.html"), withDestinationPath: dir.file("incident/gone.html"))
        for page in ["incident/linked.html", "incident/dangling.html", "incident/a.html", "incident/b.html"] {
            #expect(writer.allExist([page]) == writer.exists(page), "\(page)")
        }
        #expect(writer.allExist(["incident/linked.html"]))
        #expect(!writer.allExist(["incident/a.html", "incident/dangling.html"]))
    }
}

import Foundation
import Testing
@testable import IncidentBundle

/// The bundle's tar and gzip layers against the real `tar` and Python's `tarfile`.
@Suite("ustar and gzip")
struct UstarTests {
    let long = "aftermath-incident-k3x9qa7m/data/site/evidence/" + String(repeating: "a-very-long-directory-name/", count: 3) + "ev-12345.html"

    @Test("What we write, GNU tar and Python's tarfile read back byte for byte (long paths through the ustar prefix)")
    func othersReadOurs() async throws {
        let dir = try TemporaryDirectory("ustar")
        let entries = [
            Ustar.Entry(path: "top", data: [], isDirectory: true),
            Ustar.Entry(path: "top/empty.txt", data: []),
            Ustar.Entry(path: "top/exact.bin", data: (0..<512).map { UInt8($0 % 251) }),
            Ustar.Entry(path: "top/é ünïcode.md", data: Array("héllo\n".utf8)),
            Ustar.Entry(path: long, data: Array(repeating: 7, count: 1000)),
        ]
        let archive = dir.file("a.tar.gz")
        try Data(try Gzip.compress(try Ustar.write(entries, mtime: 1_795_000_000))).write(to: URL(fileURLWithPath: archive))
        let tar = try #require(Programs.find("tar"))
        #expect(try await runProgram(tar, ["xzf", archive], directory: dir.path).status == 0)
        for entry in entries where !entry.isDirectory {
            #expect(FileManager.default.contents(atPath: dir.file(entry.path)).map(Array.init) == entry.data, "tar: \(entry.path)")
        }
        let python = try #require(Programs.find("python3"))
        let listing = try await runProgram(python, ["-c", """
            import tarfile, hashlib, sys
            with tarfile.open(sys.argv[1], 'r:gz') as t:
                for m in t.getmembers():
                    print(m.name, m.type.decode(), hashlib.sha256(t.extractfile(m).read()).hexdigest() if m.isfile() else '-')
            """, archive])
        #expect(listing.status == 0, "\(listing.stdout)")
        #expect(listing.stdout.contains("\(long) 0 "), "\(listing.stdout)")
        #expect(listing.stdout.contains("top/é ünïcode.md 0"), "\(listing.stdout)")
    }

    @Test("We read what GNU tar writes, including its long-name members, and refuse links and escaping paths")
    func weReadTheirs() async throws {
        let dir = try TemporaryDirectory("ustar-gnu")
        let deep = dir.file("src/" + String(repeating: "d", count: 120) + "/file.txt")
        try FileManager.default.createDirectory(atPath: (deep as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "deep\n".write(toFile: deep, atomically: true, encoding: .utf8)
        try "plain\n".write(toFile: dir.file("src/plain.txt"), atomically: true, encoding: .utf8)
        let tar = try #require(Programs.find("tar"))
        #expect(try await runProgram(tar, ["czf", dir.file("gnu.tar.gz"), "src"], directory: dir.path).status == 0)
        let entries = try Ustar.read(try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("gnu.tar.gz"))))))
        #expect(entries.contains { $0.path == "src/" + String(repeating: "d", count: 120) + "/file.txt" && $0.data == Array("deep\n".utf8) })
        #expect(entries.contains { $0.path == "src/plain.txt" })

        #expect(try await runProgram(tar, ["czf", dir.file("dot.tar.gz"), "."], directory: dir.file("src")).status == 0)
        let dotted = try Ustar.read(try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("dot.tar.gz"))))))
        #expect(dotted.contains { $0.path == "plain.txt" && $0.data == Array("plain\n".utf8) }, "\(dotted.map(\.path))")
        #expect(!dotted.contains { $0.path.isEmpty || $0.path.hasPrefix(".") })

        try FileManager.default.createSymbolicLink(atPath: dir.file("src/link"), withDestinationPath: "/etc/passwd")
        #expect(try await runProgram(tar, ["cf", dir.file("link.tar"), "src/link"], directory: dir.path).status == 0)
        #expect(throws: Ustar.Failure.self) { try Ustar.read(Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("link.tar"))))) }
        #expect(try await runProgram(tar, ["cf", dir.file("up.tar"), "--transform", "s,^src,../up,", "src/plain.txt"], directory: dir.path).status == 0)
        #expect(throws: Ustar.Failure.self) { try Ustar.read(Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("up.tar"))))) }
    }

    @Test("A damaged or truncated archive is an error, never a partial read")
    func damaged() throws {
        let tar = try Ustar.write([Ustar.Entry(path: "a/b.txt", data: Array(repeating: 65, count: 3000))], mtime: 0)
        var header = tar
        header[10] ^= 1
        #expect(throws: Ustar.Failure.self) { try Ustar.read(header) }
        #expect(throws: Ustar.Failure.self) { try Ustar.read(Array(tar.prefix(1024))) }
        var gz = try Gzip.compress(tar)
        gz[gz.count - 6] ^= 1
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(gz) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array("not gzip at all, not gzip at all".utf8)) }
        #expect(try Ustar.read(tar) == [Ustar.Entry(path: "a/b.txt", data: Array(repeating: 65, count: 3000))])
    }
}

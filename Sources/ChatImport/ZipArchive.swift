import CompressNIO
import Foundation
import NIOCore

/// Reads members of a ZIP file (PKWARE APPNOTE 6.3: stored or deflated, ZIP64 sizes and offsets)
/// without unpacking it: the central directory is read once, and a member's bytes are read,
/// inflated and checked against its CRC-32 only when asked for. Encrypted members and other
/// compression methods are refused by name. Nothing is ever written to disk.
public struct ZipArchive {
    /// One member, as the central directory describes it.
    struct Member {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var size: UInt64
        var localHeaderOffset: UInt64
    }

    /// Why a ZIP file could not be read.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The largest member read, uncompressed.
    public static let maximumMemberSize: UInt64 = 1 << 30

    private let handle: FileHandle
    private let fileSize: UInt64
    let members: [String: Member]

    /// Opens `path` and reads its central directory.
    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "cannot open \(path)") }
        self.handle = handle
        fileSize = try handle.seekToEnd()
        members = try Self.centralDirectory(handle, fileSize: fileSize)
    }

    /// Member names, in no particular order.
    public var names: [String] { Array(members.keys) }

    /// The uncompressed bytes of member `name`; nil when there is no such member.
    public func read(_ name: String) throws -> [UInt8]? {
        guard let member = members[name] else { return nil }
        guard member.flags & 1 == 0 else { throw Failure(description: "\(name) is encrypted") }
        guard member.size <= Self.maximumMemberSize else {
            throw Failure(description: "\(name) is \(member.size) bytes uncompressed; at most \(Self.maximumMemberSize) are read")
        }
        let header = try bytes(at: member.localHeaderOffset, count: 30)
        guard header.u32(0) == 0x0403_4b50 else { throw Failure(description: "\(name): no local header at offset \(member.localHeaderOffset)") }
        let dataStart = member.localHeaderOffset + 30 + UInt64(header.u16(26)) + UInt64(header.u16(28))
        let stored = try bytes(at: dataStart, count: member.compressedSize)
        let data: [UInt8]
        switch member.method {
        case 0:
            data = stored
        case 8 where member.size == 0:
            data = []
        case 8:
            var input = ByteBuffer(bytes: stored)
            do {
                let output = try input.decompress(with: .deflate(), maxSize: Int(member.size))
                data = Array(output.readableBytesView)
            } catch {
                throw Failure(description: "\(name): its deflated data is damaged (\(error))")
            }
        default:
            throw Failure(description: "\(name) uses compression method \(member.method); only stored (0) and deflate (8) are read")
        }
        guard UInt64(data.count) == member.size, CRC32.checksum(data) == member.crc32 else {
            throw Failure(description: "\(name): its size or CRC-32 does not match the directory (the file is damaged or truncated)")
        }
        return data
    }

    private func bytes(at offset: UInt64, count: UInt64) throws -> [UInt8] {
        try Self.bytes(handle, at: offset, count: count, fileSize: fileSize)
    }

    private static func bytes(_ handle: FileHandle, at offset: UInt64, count: UInt64, fileSize: UInt64) throws -> [UInt8] {
        guard offset <= fileSize, count <= fileSize - offset else {
            throw Failure(description: "a record at offset \(offset) runs past the end of the file (\(fileSize) bytes): truncated?")
        }
        try handle.seek(toOffset: offset)
        let data = try handle.read(upToCount: Int(count)) ?? Data()
        guard data.count == Int(count) else { throw Failure(description: "short read at offset \(offset)") }
        return [UInt8](data)
    }

    /// Finds the end-of-central-directory record (and its ZIP64 form) and reads every entry.
    private static func centralDirectory(_ handle: FileHandle, fileSize: UInt64) throws -> [String: Member] {
        let tailSize = min(fileSize, 22 + 65_535)
        let tail = try bytes(handle, at: fileSize - tailSize, count: tailSize, fileSize: fileSize)
        guard tail.count >= 22, let eocd = stride(from: tail.count - 22, through: 0, by: -1).first(where: { tail.u32($0) == 0x0605_4b50 }) else {
            throw Failure(description: "not a ZIP file (no end of central directory record)")
        }
        var count = UInt64(tail.u16(eocd + 10))
        var size = UInt64(tail.u32(eocd + 12))
        var offset = UInt64(tail.u32(eocd + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            let locatorAt = fileSize - tailSize + UInt64(eocd)
            guard locatorAt >= 20 else { throw Failure(description: "ZIP64 end of central directory locator missing") }
            let locator = try bytes(handle, at: locatorAt - 20, count: 20, fileSize: fileSize)
            guard locator.u32(0) == 0x0706_4b50 else { throw Failure(description: "ZIP64 end of central directory locator missing") }
            let record = try bytes(handle, at: locator.u64(8), count: 56, fileSize: fileSize)
            guard record.u32(0) == 0x0606_4b50 else { throw Failure(description: "ZIP64 end of central directory record missing") }
            count = record.u64(32)
            size = record.u64(40)
            offset = record.u64(48)
        }
        let directory = try bytes(handle, at: offset, count: size, fileSize: fileSize)
        var members: [String: Member] = [:]
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= directory.count, directory.u32(at) == 0x0201_4b50 else {
                throw Failure(description: "the central directory is damaged at offset \(offset + UInt64(at))")
            }
            let nameLength = Int(directory.u16(at + 28)), extraLength = Int(directory.u16(at + 30)), commentLength = Int(directory.u16(at + 32))
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw Failure(description: "the central directory is damaged at offset \(offset + UInt64(at))")
            }
            let name = String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            var member = Member(
                name: name, method: directory.u16(at + 10), flags: directory.u16(at + 8), crc32: directory.u32(at + 16),
                compressedSize: UInt64(directory.u32(at + 20)), size: UInt64(directory.u32(at + 24)),
                localHeaderOffset: UInt64(directory.u32(at + 42)))
            readZIP64Extra(Array(directory[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)]), into: &member)
            members[name] = member
            at += 46 + nameLength + extraLength + commentLength
        }
        return members
    }

    /// Takes the 64-bit sizes and offset from the ZIP64 extra field (id 1) for the fields the
    /// directory entry set to 0xFFFFFFFF, in the order APPNOTE 4.5.3 gives.
    private static func readZIP64Extra(_ extra: [UInt8], into member: inout Member) {
        var at = 0
        while at + 4 <= extra.count {
            let id = extra.u16(at), length = Int(extra.u16(at + 2))
            guard at + 4 + length <= extra.count else { return }
            if id == 1 {
                var field = at + 4
                func next() -> UInt64? {
                    guard field + 8 <= at + 4 + length else { return nil }
                    defer { field += 8 }
                    return extra.u64(field)
                }
                if member.size == 0xFFFF_FFFF, let v = next() { member.size = v }
                if member.compressedSize == 0xFFFF_FFFF, let v = next() { member.compressedSize = v }
                if member.localHeaderOffset == 0xFFFF_FFFF, let v = next() { member.localHeaderOffset = v }
                return
            }
            at += 4 + length
        }
    }
}

extension Array where Element == UInt8 {
    /// Little-endian fields, as ZIP stores them.
    func u16(_ i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP records it per member.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

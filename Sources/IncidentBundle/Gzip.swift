import CompressNIO
import Foundation
import NIOCore

/// gzip (RFC 1952) through zlib, via compress-nio: a bundle is a gzip-compressed ustar archive.
public enum Gzip {
    /// Why a gzip stream could not be read.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// `bytes` compressed as one gzip member.
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var input = ByteBuffer(bytes: bytes)
        let output = try input.compress(with: .gzip())
        return Array(output.readableBytesView)
    }

    /// The uncompressed bytes; fails on a damaged stream (zlib checks the CRC-32 and length), or
    /// when the result would exceed `maxSize`.
    public static func decompress(_ bytes: [UInt8], maxSize: Int = 8 << 30) throws -> [UInt8] {
        guard bytes.count >= 18, bytes[0] == 0x1f, bytes[1] == 0x8b else {
            throw Failure(description: "not gzip data (it does not start with the gzip signature 1f 8b)")
        }
        var input = ByteBuffer(bytes: bytes)
        do {
            let output = try input.decompress(with: .gzip(), maxSize: maxSize)
            return Array(output.readableBytesView)
        } catch let error as CompressNIOError where error == .corruptData {
            throw Failure(description: "the gzip stream is damaged (its data or CRC-32 does not check out): the file was changed or truncated")
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw Failure(description: "larger than \(maxSize) bytes uncompressed")
        } catch {
            throw Failure(description: "the gzip stream could not be read: \(error)")
        }
    }
}

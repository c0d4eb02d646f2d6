import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether an address only reaches this machine, decided by parsing it, never by how it is
/// spelled: `127.example.com` is a name like any other, `0127.0.0.1` is not an address.
public enum LoopbackAddress {
    /// IPv4 127.0.0.0/8, IPv6 `::1` (or `::ffff:127.x.y.z`), or `localhost` when every address it
    /// resolves to (asked once, here) is one of those. Any other name is not loopback.
    public static func isLoopback(_ host: String, resolve: (String) -> [String] = resolveAddresses) -> Bool {
        var text = host
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let literal = isLoopbackLiteral(text) { return literal }
        guard text.lowercased() == "localhost" else { return false }
        let addresses = resolve(text)
        return !addresses.isEmpty && addresses.allSatisfy { isLoopbackLiteral($0) == true }
    }

    /// Whether an IP literal is a loopback address; nil when `text` is not an IP literal.
    public static func isLoopbackLiteral(_ text: String) -> Bool? {
        guard let address = IPAddress(text) else { return nil }
        return address.isLoopback
    }

    /// The addresses `name` resolves to (`getaddrinfo`), as text; empty when it does not resolve.
    public static func resolveAddresses(_ name: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var result: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = IPAddress(sockaddr: entry.pointee.ai_addr) { result.append(address.description) }
            cursor = entry.pointee.ai_next
        }
        return result
    }
}

/// An IPv4 or IPv6 address parsed with `inet_pton`, and the ranges Aftermath treats specially.
public struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6), network order.
    public let bytes: [UInt8]

    /// Parses a literal (`127.0.0.1`, `::1`, `fe80::1`; brackets and a zone `%eth0` allowed).
    public init?(_ text: String) {
        var literal = text
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        if let zone = literal.firstIndex(of: "%") { literal = String(literal[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, literal, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    init?(sockaddr address: UnsafeMutablePointer<sockaddr>?) {
        guard let address else { return nil }
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
            }
        case AF_INET6:
            bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
            }
        default:
            return nil
        }
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), else self.
    public var unmapped: IPAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return self }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// 127.0.0.0/8, ::1.
    public var isLoopback: Bool {
        let address = unmapped
        if address.bytes.count == 4 { return address.bytes[0] == 127 }
        return address.bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// 0.0.0.0/8, ::.
    public var isUnspecified: Bool {
        let address = unmapped
        if address.bytes.count == 4 { return address.bytes[0] == 0 }
        return address.bytes.allSatisfy { $0 == 0 }
    }

    /// 169.254.0.0/16, fe80::/10.
    public var isLinkLocal: Bool {
        let address = unmapped
        if address.bytes.count == 4 { return address.bytes[0] == 169 && address.bytes[1] == 254 }
        return address.bytes[0] == 0xFE && address.bytes[1] & 0xC0 == 0x80
    }

    /// Cloud metadata endpoints outside link-local: AWS IPv6 `fd00:ec2::254`, Alibaba `100.100.100.200`.
    public var isMetadataService: Bool {
        let address = unmapped
        if address.bytes.count == 4 { return address.bytes == [100, 100, 100, 200] }
        return address.bytes == Self.awsMetadataIPv6
    }

    private static let awsMetadataIPv6: [UInt8] = [0xFD, 0x00, 0x0E, 0xC2] + [UInt8](repeating: 0, count: 10) + [0x02, 0x54]

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = copy.withUnsafeMutableBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(cString: buffer)
    }
}

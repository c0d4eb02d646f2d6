import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Turns client and socket errors into short, exact reasons: `connection refused (127.0.0.1:9)`.
enum ConnectionErrorText {
    /// The reason `error` gives, without type names or Swift noise where a plain phrase exists.
    static func describe(_ error: any Error) -> String {
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first {
                return "\(describe(first.error)) (\(connection.host):\(connection.port))"
            }
            if let dns = connection.dnsAError ?? connection.dnsAAAAError {
                return "cannot resolve host \(connection.host): \(describe(dns))"
            }
            return "cannot connect to \(connection.host):\(connection.port)"
        }
        if let io = error as? IOError {
            return errnoPhrase(io.errnoCode)
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .remoteConnectionClosed: return "the server closed the connection before the answer was complete"
            case .redirectLimitReached: return "too many redirects"
            case .redirectCycleDetected: return "redirect cycle"
            case .invalidURL: return "invalid URL"
            default:
                // Never the full description: header values (credentials, perhaps) would be quoted.
                let text = client.shortDescription
                return text.prefix(1).lowercased() + text.dropFirst()
            }
        }
        return String(describing: error)
    }

    /// `connection refused`, `connection reset by peer`: strerror, lower-cased.
    static func errnoPhrase(_ code: CInt) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        let text = String(cString: message)
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

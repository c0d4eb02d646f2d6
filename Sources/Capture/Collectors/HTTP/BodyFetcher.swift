import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A response whose body was read up to a cap.
struct FetchedResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    /// At most the cap's worth of bytes.
    var body: [UInt8]
    /// The body went on past the cap; reading stopped there.
    var truncated: Bool
    /// Redirects the injected client followed by itself before this response.
    var redirectsFollowedByClient: Int
    /// Where the client's own redirects ended, when it followed any.
    var finalURL: String?
    /// Every URL the client's own redirects led to, in order.
    var clientHops: [String] = []

    /// `HTTP 503 Service Unavailable`.
    var statusLine: String { "HTTP \(status.code) \(status.reasonPhrase)" }
}

/// Why a request produced no (complete) response: the item status it maps to and the reason.
struct FetchFailure: Error, Sendable {
    var status: EvidenceStatus
    var reason: String
    /// What had arrived before the failure, if the response had started.
    var partial: FetchedResponse?
}

/// One GET through the injected client, bounded by a deadline and a byte cap.
struct BodyFetcher: Sendable {
    let client: HTTPClient

    /// GETs `url`, reading at most `maxBytes` of the body; never throws.
    func get(
        _ url: String, headers: HTTPHeaders, deadline: FetchDeadline, maxBytes: Int
    ) async -> Result<FetchedResponse, FetchFailure> {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers = headers
        let remaining = deadline.remaining
        guard remaining > 0 else {
            return .failure(FetchFailure(status: .timeout, reason: deadline.explanation))
        }
        let nioDeadline = NIODeadline.now() + .nanoseconds(Int64(saturating: min(remaining, 86_400 * 365) * 1e9))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: nioDeadline)
        } catch {
            return .failure(Self.failure(for: error, deadline: deadline))
        }
        var fetched = FetchedResponse(
            status: response.status, headers: response.headers, body: [], truncated: false,
            redirectsFollowedByClient: max(response.history.count - 1, 0),
            finalURL: response.history.count > 1 ? response.history.last?.request.url : nil,
            clientHops: response.history.dropFirst().map(\.request.url))
        // The client's deadline covers the response head only: the body is raced against it here.
        let read = await Self.readBody(response.body, maxBytes: max(maxBytes, 0), until: deadline)
        fetched.body = read.bytes
        fetched.truncated = read.truncated
        if let error = read.error {
            var failure = Self.failure(for: error, deadline: deadline)
            failure.reason = "\(fetched.statusLine), then the body broke off after \(fetched.body.count) bytes: \(failure.reason)"
            failure.partial = fetched
            return .failure(failure)
        }
        return .success(fetched)
    }

    /// What reading a body produced: the bytes up to the cap, and the error that ended it early.
    struct BodyRead: Sendable {
        var bytes: [UInt8] = []
        var truncated = false
        var error: (any Error)?
    }

    /// Reads `body` up to `maxBytes`, stopping with a `CancellationError` when `deadline` passes first.
    static func readBody(_ body: HTTPClientResponse.Body, maxBytes: Int, until deadline: FetchDeadline) async -> BodyRead {
        await withTaskGroup(of: BodyRead?.self) { group in
            group.addTask {
                var read = BodyRead()
                do {
                    for try await chunk in body {
                        let room = maxBytes - read.bytes.count
                        if chunk.readableBytes > room {
                            read.bytes += chunk.readableBytesView.prefix(room)
                            read.truncated = true
                            break
                        }
                        read.bytes += chunk.readableBytesView
                    }
                } catch {
                    read.error = error
                }
                return read
            }
            group.addTask {
                let remaining = deadline.remaining
                if remaining > 0 { try? await Task.sleep(for: .nanoseconds(Int64(saturating: remaining * 1e9))) }
                return nil
            }
            // Whichever finishes first, the other is cancelled: a reader cut off by the deadline
            // (or by cancellation of the run) returns what it had, with the error that stopped it.
            var result = BodyRead(error: CancellationError())
            while let next = await group.next() {
                group.cancelAll()
                if let read = next { result = read }
            }
            return result
        }
    }

    /// Maps a client error to an item status and a reason a person can act on.
    static func failure(for error: any Error, deadline: FetchDeadline) -> FetchFailure {
        if let clientError = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [
                .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout,
            ]
            if timeouts.contains(clientError) {
                return FetchFailure(status: .timeout, reason: deadline.explanation)
            }
            if clientError == .cancelled {
                return cancelled(deadline)
            }
        }
        if error is CancellationError { return cancelled(deadline) }
        return FetchFailure(status: .failed, reason: ConnectionErrorText.describe(error))
    }

    private static func cancelled(_ deadline: FetchDeadline) -> FetchFailure {
        deadline.hasPassed()
            ? FetchFailure(status: .timeout, reason: deadline.explanation)
            : FetchFailure(status: .failed, reason: "cancelled before the answer arrived")
    }
}

import Archive
import Foundation

/// The envelope Prometheus and Loki answers share:
/// `{"status": "success" | "error", "data": {"resultType": …, "result": …}, "errorType": …, "error": …}`.
protocol APIEnvelope: Decodable, Sendable {
    associatedtype Payload: APIPayload
    var status: String { get }
    var data: Payload? { get }
    var errorType: String? { get }
    var error: String? { get }
}

/// `data` of an answer: its result type decides how `result` was read.
protocol APIPayload: Sendable {
    var resultType: String { get }
}

/// Reads a Prometheus-style answer into its payload, or says precisely why it cannot.
enum APIAnswer {
    /// The payload of `response` when it is a 2xx `success` of `resultType`. A body cut at the
    /// byte cap is repaired to its last complete element first (the caller marks the item
    /// truncated). `api` names the system in errors ("Prometheus"); `unit` is what a cut body holds
    /// none of ("series"); `hint` follows a wrong result type.
    static func payload<Envelope: APIEnvelope>(
        _ response: FetchedResponse, as envelope: Envelope.Type, resultType: String, api: String, unit: String, maxBytes: Int,
        hint: String = ""
    ) -> Result<Envelope.Payload, PlannedQuery.Problem> {
        guard (200..<300).contains(response.status.code) else {
            return .failure(PlannedQuery.Problem(status: .failed, message: APIErrorText.explain(response)))
        }
        let body = response.truncated ? TruncatedJSON.repair(response.body) : response.body
        guard let decoded = body.flatMap({ try? JSONDecoder().decode(Envelope.self, from: Data($0)) }), let data = decoded.data else {
            if response.truncated {
                return .failure(PlannedQuery.Problem(status: .truncated, message: "response body over max_bytes (\(maxBytes) bytes) before any complete \(unit)"))
            }
            return .failure(PlannedQuery.Problem(
                status: .failed, message: "\(response.statusLine) but not a \(api) API answer: \(APIErrorText.snippet(response.body))"))
        }
        guard decoded.status == "success" else {
            return .failure(PlannedQuery.Problem(
                status: .failed, message: "\(response.statusLine) \(decoded.errorType ?? "error"): \(decoded.error ?? "no error text")"))
        }
        guard data.resultType == resultType else {
            return .failure(PlannedQuery.Problem(status: .failed, message: "expected resultType '\(resultType)', got '\(data.resultType)'\(hint)"))
        }
        return .success(data)
    }
}

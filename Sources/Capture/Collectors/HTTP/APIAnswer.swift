import Archive
import Foundation

/// What a query API's `result` lists for one result type (Loki `streams`, Prometheus `matrix`).
protocol APIResult: Decodable, Sendable {
    /// The `resultType` whose `result` is a list of these.
    static var resultType: String { get }
}

/// The envelope Prometheus and Loki answers share:
/// `{"status": "success" | "error", "data": {"resultType": …, "result": …}, "errorType": …, "error": …}`.
struct APIEnvelope<Element: APIResult>: Decodable, Sendable {
    var status: String
    var data: Payload?
    var errorType: String?
    var error: String?

    /// `data`: the result type, and the result when it is `Element.resultType` (other shapes are
    /// reported, not parsed).
    struct Payload: Decodable, Sendable {
        var resultType: String
        var result: [Element]

        enum CodingKeys: String, CodingKey { case resultType, result }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resultType = try container.decode(String.self, forKey: .resultType)
            result = resultType == Element.resultType ? (try container.decodeIfPresent([Element].self, forKey: .result) ?? []) : []
        }
    }
}

/// Reads a Prometheus-style answer into its payload, or says precisely why it cannot.
enum APIAnswer {
    /// The payload of `response` when it is a 2xx `success` listing `Element`s. A body cut at the
    /// byte cap is repaired to its last complete element first (the caller marks the item
    /// truncated). `api` names the system in errors ("Prometheus"); `unit` is what a cut body holds
    /// none of ("series"); `hint` follows a wrong result type.
    static func payload<Element: APIResult>(
        _ response: FetchedResponse, of element: Element.Type, api: String, unit: String, maxBytes: Int, hint: String = ""
    ) -> Result<APIEnvelope<Element>.Payload, PlannedQuery.Problem> {
        guard (200..<300).contains(response.status.code) else {
            return .failure(PlannedQuery.Problem(status: .failed, message: APIErrorText.explain(response)))
        }
        let body = response.truncated ? TruncatedJSON.repair(response.body) : response.body
        guard let decoded = body.flatMap({ try? JSONDecoder().decode(APIEnvelope<Element>.self, from: Data($0)) }), let data = decoded.data else {
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
        guard data.resultType == Element.resultType else {
            return .failure(PlannedQuery.Problem(
                status: .failed, message: "expected resultType '\(Element.resultType)', got '\(data.resultType)'\(hint)"))
        }
        return .success(data)
    }
}

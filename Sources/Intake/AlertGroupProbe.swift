/// The two fields that tell a real group notification from a custom `payload` template.
struct AlertGroupProbe: Decodable, Sendable {
    var isObject = false
    var version: String?
    var groupKey: String?

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: AnyCodingKey.self) else { return }
        isObject = true
        version = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("version"))
        groupKey = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey("groupKey"))
    }
}

/// The probe and, when it finds a group notification, the payload, from one reading of the body
/// (decoding each on its own parsed the JSON twice).
struct AlertGroupDocument: Decodable, Sendable {
    var probe: AlertGroupProbe
    /// nil when the probe finds no group notification; the payload's own decoding error otherwise,
    /// reported as a top-level decode of `AlertmanagerPayload` reports it.
    var payload: Result<AlertmanagerPayload, DecodingError>?

    init(from decoder: any Decoder) throws {
        probe = try AlertGroupProbe(from: decoder)
        guard probe.isObject, probe.version != nil, probe.groupKey != nil else { return }
        do {
            payload = .success(try AlertmanagerPayload(from: decoder))
        } catch let error as DecodingError {
            payload = .failure(error)
        }
    }
}

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

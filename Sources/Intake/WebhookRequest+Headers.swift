extension WebhookRequest {
    /// Every value of header `name` (case-insensitive), in order.
    func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}

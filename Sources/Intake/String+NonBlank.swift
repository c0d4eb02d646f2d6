import Foundation

extension String {
    /// nil for an empty or blank string.
    var nonBlank: String? {
        trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self
    }
}

extension Optional where Wrapped == String {
    /// nil for nil, empty or blank strings.
    var nonBlank: String? { self?.nonBlank }
}

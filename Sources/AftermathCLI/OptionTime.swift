import AftermathCore
import ArgumentParser
import Foundation

/// Times given on the command line (`--from`, `--to`): RFC 3339, refused with the option's name.
enum OptionTime {
    static func parse(_ text: String, _ option: String) throws -> Date {
        do {
            guard let date = try Timestamp.parse(text) else { throw ValidationError("\(option): '\(text)' is the zero time") }
            return date
        } catch let error as Timestamp.ParseError {
            throw ValidationError("\(option): \(error.description)")
        }
    }
}

/// Splits bytes into maximal runs of valid UTF-8 and the invalid bytes between them.
enum UTF8Runs {
    enum Run: Equatable {
        case valid(Range<Int>)
        case invalid(Range<Int>)
    }

    static func split(_ bytes: [UInt8]) -> [Run] {
        var runs: [Run] = []
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var position = 0
        var validStart = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                position += scalar.count
            case .error(let length):
                if validStart < position { runs.append(.valid(validStart..<position)) }
                runs.append(.invalid(position..<(position + length)))
                position += length
                validStart = position
            case .emptyInput:
                if validStart < position { runs.append(.valid(validStart..<position)) }
                return runs
            }
        }
    }
}

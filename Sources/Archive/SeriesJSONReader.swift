import Foundation

/// `SeriesCodec.decode`'s fast path: reads the JSON `SeriesCodec.encode` writes in one pass over
/// the bytes, without `JSONDecoder` (a keyed container per point was most of drawing a chart).
/// Strict: any key it does not know, a repeated key, a `\u` escape, invalid UTF-8, a number out of
/// range or anything else unexpected gives nil, and the caller decodes with `JSONDecoder`, which
/// then decides. So both give the same series for everything this accepts.
struct SeriesJSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The series list in `data`, or nil when the fast path does not apply.
    static func read(_ data: Data) -> [MetricSeries]? {
        data.withUnsafeBytes { raw -> [MetricSeries]? in
            var reader = SeriesJSONReader(raw.bindMemory(to: UInt8.self))
            guard let list = reader.list({ $0.series() }) else { return nil }
            reader.skipSpace()
            return reader.i == reader.bytes.count ? list : nil
        }
    }

    private mutating func series() -> MetricSeries? {
        var labels: [String: String]?, points: [MetricPoint]?, query: String?, step: Double?, sourceURL: String?
        let read = object { reader, key in
            switch key {
            case "labels" where labels == nil: labels = reader.stringMap()
            case "points" where points == nil: points = reader.list { $0.point() }
            case "query" where query == nil: query = reader.string()
            case "step" where step == nil: step = reader.value()
            case "sourceURL" where sourceURL == nil: sourceURL = reader.string()
            default: return false
            }
            return true
        }
        guard read, let labels, let points, let query, let step, let sourceURL else { return nil }
        return MetricSeries(labels: labels, points: points, query: query, step: step, sourceURL: sourceURL)
    }

    private mutating func point() -> MetricPoint? {
        var t: Double?, v: Double?
        let read = object { reader, key in
            switch key {
            case "t" where t == nil: t = reader.value()
            case "v" where v == nil: v = reader.value()
            default: return false
            }
            return true
        }
        guard read, let t, let v else { return nil }
        return MetricPoint(t: t, v: v)
    }

    private mutating func stringMap() -> [String: String]? {
        var map: [String: String] = [:]
        let read = object { reader, key in
            guard map[key] == nil, let value = reader.string() else { return false }
            map[key] = value
            return true
        }
        return read ? map : nil
    }

    /// `{` key `:` value, … `}`; `field` reads the value after each key and returns false to give up
    /// (it must leave `i` after a value it read, or fail).
    private mutating func object(_ field: (inout SeriesJSONReader, String) -> Bool) -> Bool {
        guard take(0x7B) else { return false }
        if take(0x7D) { return true }
        repeat {
            guard let key = string(), take(0x3A), field(&self, key) else { return false }
        } while take(0x2C)
        return take(0x7D)
    }

    /// `[` element, … `]`.
    private mutating func list<Element>(_ element: (inout SeriesJSONReader) -> Element?) -> [Element]? {
        guard take(0x5B) else { return nil }
        var out: [Element] = []
        if take(0x5D) { return out }
        repeat {
            guard let next = element(&self) else { return nil }
            out.append(next)
        } while take(0x2C)
        return take(0x5D) ? out : nil
    }

    /// A number, or the strings the codec writes for NaN and ±Inf.
    private mutating func value() -> Double? {
        skipSpace()
        guard i < bytes.count else { return nil }
        if bytes[i] == 0x22 {
            switch string() {
            case "NaN": return .nan
            case "+Inf": return .infinity
            case "-Inf": return -.infinity
            default: return nil
            }
        }
        return number()
    }

    /// A JSON number (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`), parsed as `Double(_:)` does;
    /// nil when it does not fit a finite Double.
    private mutating func number() -> Double? {
        let start = i
        func digits() -> Int {
            let from = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - from
        }
        if i < bytes.count, bytes[i] == 0x2D { i += 1 }
        let leadingZero = i < bytes.count && bytes[i] == 0x30
        let integer = digits()
        guard integer > 0, !(leadingZero && integer > 1) else { return nil }
        if i < bytes.count, bytes[i] == 0x2E {
            i += 1
            guard digits() > 0 else { return nil }
        }
        if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            guard digits() > 0 else { return nil }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// A string with the escapes `JSONEncoder` writes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`);
    /// nil for `\u`, raw control characters or invalid UTF-8.
    private mutating func string() -> String? {
        guard take(0x22) else { return nil }
        let start = i
        while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C, bytes[i] >= 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == 0x22 {
            defer { i += 1 }
            return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case 0x22: return String(validating: out, as: UTF8.self)
            case 0x5C:
                guard i < bytes.count else { return nil }
                let escaped = bytes[i]
                i += 1
                switch escaped {
                case 0x22, 0x5C, 0x2F: out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                default: return nil
                }
            case ..<0x20: return nil
            default: out.append(byte)
            }
        }
        return nil
    }

    /// Skips JSON whitespace, then consumes `byte` if it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }
}

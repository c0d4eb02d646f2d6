import Foundation

/// The threshold of an alert expression such as `sum(rate(errors[5m])) > 0.05`: its last
/// top-level comparison when the right side is a number.
public struct AlertCondition: Sendable, Equatable, CustomStringConvertible {
    /// A PromQL comparison operator.
    public enum Comparison: String, Sendable, CaseIterable {
        case greaterOrEqual = ">=", lessOrEqual = "<=", equal = "==", notEqual = "!=", greater = ">", less = "<"
    }

    /// The operator.
    public var comparison: Comparison
    /// The numeric right side.
    public var threshold: Double

    /// `> 0.05`.
    public var description: String { "\(comparison.rawValue) \(AlertCondition.format(threshold))" }

    /// Whether `value` satisfies the condition (NaN never does).
    public func holds(_ value: Double) -> Bool {
        guard !value.isNaN else { return false }
        switch comparison {
        case .greater: return value > threshold
        case .greaterOrEqual: return value >= threshold
        case .less: return value < threshold
        case .lessOrEqual: return value <= threshold
        case .equal: return value == threshold
        case .notEqual: return value != threshold
        }
    }

    /// The condition of `expression`, or nil when its last top-level comparison has no numeric
    /// right side (or there is none). Parentheses, brackets, braces and string literals are skipped,
    /// so `{code=~"5.."}` or `rate(x[5m]) > on() y` are not mistaken for thresholds.
    public static func parse(_ expression: String) -> AlertCondition? {
        let chars = Array(expression)
        var depth = 0
        var quote: Character?
        var last: (index: Int, comparison: Comparison)?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "\"", "'", "`": quote = c
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ">", "<", "=", "!":
                if depth == 0 {
                    let next = i + 1 < chars.count ? chars[i + 1] : " "
                    if next == "=", let op = Comparison(rawValue: String([c, next])) {
                        last = (i + 2, op)
                        i += 2
                        continue
                    }
                    if next == "~" { i += 2; continue }
                    if let op = Comparison(rawValue: String(c)) { last = (i + 1, op) }
                }
            default: break
            }
            i += 1
        }
        guard let last else { return nil }
        var rhs = String(chars[last.index...]).trimmingCharacters(in: .whitespaces)
        if rhs.hasPrefix("bool ") { rhs = String(rhs.dropFirst(5)).trimmingCharacters(in: .whitespaces) }
        guard let value = number(rhs) else { return nil }
        return AlertCondition(comparison: last.comparison, threshold: value)
    }

    /// A PromQL number literal (decimal, exponent, `Inf`, `NaN`, a leading sign).
    static func number(_ text: String) -> Double? {
        var t = text
        while t.hasPrefix("("), t.hasSuffix(")") { t = String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces) }
        let lower = t.lowercased()
        switch lower {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        default: break
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }), let value = Double(t) else { return nil }
        return value
    }

    /// `0.05`, `1e+06`, `300`: short and exact enough for a timeline.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }
}

@testable import Capture
import Foundation
import Testing

/// The pure pieces behind the HTTP-kind collectors: templating, step choice, salvage of cut JSON.
@Suite("HTTP-kind collector helpers")
struct HTTPKindsHelperTests {
    @Test("label values are escaped for PromQL/LogQL strings and for URLs")
    func templating() throws {
        let labels = ["job": "a\"b\\c\nd\te\u{1}", "path": "a b/c?d&e=f+g#h"]
        #expect(
            try QueryTemplate(#"up{job="{{labels.job}}"}"#).render(labels: labels, escaping: .doubleQuotedString)
                == #"up{job="a\"b\\c\nd\te\u0001"}"#)
        #expect(try QueryTemplate("x {{ labels.job }} {{other}}").render(labels: ["job": "j"], escaping: .doubleQuotedString) == "x j {{other}}")
        #expect(try QueryTemplate("/q?p={{labels.path}}").render(labels: labels, escaping: .urlComponent) == "/q?p=a%20b%2Fc%3Fd%26e%3Df%2Bg%23h")
        #expect(throws: QueryTemplate.MissingLabel(label: "env", template: "{{labels.env}}")) {
            try QueryTemplate("{{labels.env}}").render(labels: labels, escaping: .urlComponent)
        }
    }

    @Test("the step keeps every series within 11,000 points")
    func stepChoice() {
        let day: TimeInterval = 86_400
        let thirtyDays = DateInterval(start: Date(timeIntervalSince1970: 1_700_000_000), duration: 30 * day)
        let step = RangeStep.choose(for: thirtyDays, configured: nil)
        #expect(step == 300)
        #expect(RangeStep.points(over: thirtyDays.duration, step: step) <= 11_000)
        #expect(RangeStep.choose(for: DateInterval(start: .now, duration: 3_600), configured: nil) == 1)
        #expect(RangeStep.choose(for: DateInterval(start: .now, duration: 6 * 3_600), configured: nil) == 5)
        #expect(RangeStep.choose(for: DateInterval(start: .now, duration: 3_600), configured: 15) == 15)
        #expect(RangeStep.choose(for: thirtyDays, configured: 1) == 300)  // too fine: raised
        for duration in [0, 1, 10_999, 11_000, 55_000, 1e6, 1e7, 3e8] as [TimeInterval] {
            let chosen = RangeStep.choose(for: DateInterval(start: .now, duration: duration), configured: nil)
            #expect(RangeStep.points(over: duration, step: chosen) <= 11_000, "duration \(duration)")
        }
        #expect(RangeStep.format(0.3) == "0.3")
        #expect(RangeStep.format(300) == "300")
    }

    @Test("a generatorURL's g0.expr is decoded, form-style")
    func generatorURL() {
        #expect(GeneratorURL.expression(in: "http://x/graph?g0.expr=node_load1%20%3E%3D%200&g0.tab=1") == "node_load1 >= 0")
        #expect(GeneratorURL.expression(in: "http://p:9090/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0.5&g0.tab=1") == "rate(x[5m]) > 0.5")
        #expect(GeneratorURL.expression(in: "http://p/graph?g0.expr=a%2Bb") == "a+b")
        #expect(GeneratorURL.expression(in: "http://grafana/alerting/grafana/abc/view") == nil)
    }

    @Test("cut JSON is closed after the last complete array or object")
    func truncatedJSON() {
        func repair(_ text: String) -> String? { TruncatedJSON.repair(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) } }
        #expect(repair(#"{"a":[[1,"x"],[2,"y"]]}"#) == #"{"a":[[1,"x"],[2,"y"]]}"#)
        #expect(repair(#"{"a":[[1,"x"],[2,"y"#) == #"{"a":[[1,"x"]]}"#)
        #expect(repair(#"{"a":[{"m":{"k":"v]}"}},{"m":{"#) == #"{"a":[{"m":{"k":"v]}"}}]}"#)
        #expect(repair(#"{"status":"succ"#) == nil)
    }

    @Test("a character cut by the byte cap is dropped, not replaced")
    func utf8Cut() {
        let bytes = Array("aé€😀".utf8)
        #expect(LossyUTF8.decode(Array(bytes.prefix(2)), cutAtCap: true) == "a")
        #expect(LossyUTF8.decode(Array(bytes.prefix(5)), cutAtCap: true) == "aé")
        #expect(LossyUTF8.decode(Array(bytes.prefix(9)), cutAtCap: true) == "aé€")
        #expect(LossyUTF8.decode(bytes, cutAtCap: true) == "aé€😀")
        #expect(LossyUTF8.decode([0x61, 0xFF, 0x62], cutAtCap: false) == "a\u{FFFD}b")
    }

    @Test("userinfo never reaches a recorded URL")
    func userinfo() throws {
        let url = try EndpointURL("http://u%40x:p%3Aw@host:9090/prom/#frag", what: "url")
        #expect(url.url == "http://host:9090/prom/")
        #expect(url.base == "http://host:9090/prom")
        #expect(url.credentials == .init(user: "u@x", password: "p:w"))
        #expect(EndpointURL.withoutUserinfo("ftp://a:b@h/x@y") == "ftp://h/x@y")
    }
}

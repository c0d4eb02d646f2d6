import AftermathCore
import Foundation
import Testing

/// `Timestamp.format` pads by hand (no String(format:)); it must print what printf's `%04d…` did.
@Suite("Timestamp format")
struct TimestampFormatTests {
    @Test("Hand padding equals printf padding, before year 0, at 1970, today and past year 9999")
    func equalsPrintf() {
        for seconds: TimeInterval in [-62_198_755_200.5, -86_400, -0.25, 0, 0.001, 1_795_000_000.186, 1_795_000_000, 253_402_300_799.999, 1e12, -1e12] {
            let text = Timestamp.formatMillis(Date(timeIntervalSince1970: seconds))
            let total = Timestamp.representable(seconds)
            var whole = Int(total.rounded(.down))
            var millis = Int(((total - TimeInterval(whole)) * 1000).rounded())
            if millis == 1000 { whole += 1; millis = 0 }
            let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
            let secOfDay = whole - days * 86_400
            let (y, m, d) = Timestamp.civilFromDays(days)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60, millis)
            #expect(text == expected, "\(seconds)")
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18T11:06:40Z")
    }
}

import AftermathCore
import Foundation
import Logging

extension RoundLoop {
    /// A loop whose failed rounds are logged as errors naming `activity`.
    init(
        part: String, activity: String, health: HealthBoard?, logger: Logger, clock: any WallClock, wakeups: Wakeups,
        maximumRetry: TimeInterval
    ) {
        self.init(part: part, activity: activity, health: health, clock: clock, wakeups: wakeups, maximumRetry: maximumRetry) { error in
            logger.error("\(activity) failed", metadata: ["error": "\(error)"])
        }
    }
}

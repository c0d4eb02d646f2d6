/// What an outgoing notification (`notify:`) is sent for.
public enum NotificationEvent: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// A provisional postmortem was written for the first time.
    case postmortemReady = "postmortem_ready"
    /// A due postmortem could not be written (the first failure since the last success).
    case postmortemOverdue = "postmortem_overdue"
    /// An incident resolved while its status page still shows it open (repeats until it catches up).
    case statuspageReminder = "statuspage_reminder"
}

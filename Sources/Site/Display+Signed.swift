extension Display {
    /// `1h 12m`, or `−3m 5s` for a negative duration (a detection lead where the alert came first).
    public static func signedDuration(_ seconds: Double) -> String {
        seconds < 0 ? "−" + duration(-seconds) : duration(seconds)
    }
}

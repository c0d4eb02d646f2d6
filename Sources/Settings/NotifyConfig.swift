import AftermathCore
import Foundation

/// `statuspage`: following up a status page left open after its incident resolved.
public struct StatusPageConfig: Sendable, Equatable {
    /// `statuspage.reminder_after`: how long after the incident resolved (or the status page
    /// reopened) it is flagged and the first reminder goes out. Default 15m.
    public var reminderAfter: TimeInterval = 900
    /// `statuspage.reminder_every`: how often the reminder repeats until the status page catches up. Default 1h.
    public var reminderEvery: TimeInterval = 3600

    public init(reminderAfter: TimeInterval = 900, reminderEvery: TimeInterval = 3600) {
        self.reminderAfter = reminderAfter
        self.reminderEvery = reminderEvery
    }
}

/// One `notify:` target: a chat incoming webhook (`format: slack`, `{"text": …}`) or any receiver of
/// the generic JSON form (`format: json`).
public struct NotifyTarget: Sendable, Equatable {
    /// The body's shape.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        /// Slack-compatible incoming webhook: `{"text": …}` (Mattermost, Rocket.Chat and others take it too).
        case slack
        /// `{"event", "incident": {"id", "title"}, "text", "link"}`.
        case json
    }

    /// Where it is sent: written in the file (the URL of a chat webhook is itself a secret) or inline.
    public enum Destination: Sendable, Equatable {
        case inline(String)
        case secret(SecretReference)
    }

    /// `name`: unique; recorded with every notification and on the timeline (never the URL).
    public var name: String
    /// `url`, or `url_file` / `url_env`.
    public var destination: Destination
    /// `format`: `slack` (default) or `json`.
    public var format: Format = .slack
    /// `events`: which events it takes; default all.
    public var events: [NotificationEvent] = NotificationEvent.allCases
    /// `bearer_token_file` / `bearer_token_env`: sent as `Authorization: Bearer <token>`.
    public var bearerToken: SecretReference?
    /// `timeout`: one attempt, connection to answer. Default 10s.
    public var timeout: TimeInterval = 10
    /// `max_attempts`: attempts before it is given up on (and the failure recorded). Default 8.
    public var maxAttempts: Int = 8
    /// `retry_after`: the pause after the first failed attempt; it doubles after each, to at most 1h. Default 30s.
    public var retryAfter: TimeInterval = 30

    public init(name: String, destination: Destination, format: Format = .slack) {
        self.name = name
        self.destination = destination
        self.format = format
    }

    /// The longest pause between attempts.
    public static let maximumRetryPause: TimeInterval = 3600

    /// The pause after failed attempt number `attempt` (1-based): `retryAfter`, doubling, at most an hour.
    public func pause(afterAttempt attempt: Int) -> TimeInterval {
        min(Self.maximumRetryPause, retryAfter * pow(2, Double(max(0, min(attempt - 1, 30)))))
    }

    /// The URL to send to, read now (a file is re-read on every attempt, so it can be rotated).
    public func url(environment: [String: String]) throws -> String {
        switch destination {
        case .inline(let url): return url
        case .secret(let reference): return try reference.resolve(environment: environment)
        }
    }

    /// Why `text` is not a URL notifications can be sent to, or nil.
    public static func problem(withURL text: String) -> String? {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            return "is not an http or https URL"
        }
        guard let host = url.host, !host.isEmpty else { return "has no host" }
        return nil
    }
}

struct StatusPageSection: Decodable {
    var config = StatusPageConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case reminder_after, reminder_every }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        if let after = try c.decodeDuration(.reminder_after) { config.reminderAfter = after }
        if let every = try c.decodeDuration(.reminder_every) {
            guard every > 0 else { throw ConfigError.invalidValue(path: "statuspage.reminder_every", reason: "must be longer than 0") }
            config.reminderEvery = every
        }
    }
}

struct NotifySection: Decodable {
    var name: String?
    var url, urlFile, urlEnv: String?
    var format: String?
    var events: [String]?
    var bearerTokenFile, bearerTokenEnv: String?
    var timeout, retryAfter: TimeInterval?
    var maxAttempts: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, url, url_file, url_env, format, events, bearer_token_file, bearer_token_env, timeout, max_attempts, retry_after
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        urlFile = try c.decodeIfPresent(String.self, forKey: .url_file)
        urlEnv = try c.decodeIfPresent(String.self, forKey: .url_env)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        events = try c.decodeIfPresent([String].self, forKey: .events)
        bearerTokenFile = try c.decodeIfPresent(String.self, forKey: .bearer_token_file)
        bearerTokenEnv = try c.decodeIfPresent(String.self, forKey: .bearer_token_env)
        timeout = try c.decodeDuration(.timeout)
        retryAfter = try c.decodeDuration(.retry_after)
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .max_attempts)
    }

    /// The target, every key checked; `path` is `notify[i]`.
    func resolved(path: String) throws -> NotifyTarget {
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw ConfigError.invalidValue(path: "\(path).name", reason: "every notify target needs a name")
        }
        var format = NotifyTarget.Format.slack
        if let text = self.format {
            guard let known = NotifyTarget.Format(rawValue: text) else {
                throw ConfigError.invalidValue(path: "\(path).format", reason: "'\(text)' is not one of slack, json")
            }
            format = known
        }
        let destination: NotifyTarget.Destination
        switch (url, try secretReference("\(path).url", file: urlFile, env: urlEnv)) {
        case (nil, nil):
            throw ConfigError.invalidValue(path: "\(path).url_file", reason: "set url_file (or url_env, or url for a receiver whose URL is not secret)")
        case (_?, _?):
            throw ConfigError.invalidValue(path: "\(path).url", reason: "set either url or url_file/url_env, not both")
        case (let inline?, nil):
            if format == .slack {
                throw ConfigError.invalidValue(
                    path: "\(path).url", reason: "a chat webhook URL is a secret: put it in a file (mode 0600) and set url_file (or url_env)")
            }
            if let problem = NotifyTarget.problem(withURL: inline) {
                throw ConfigError.invalidValue(path: "\(path).url", reason: "'\(inline)' \(problem)")
            }
            destination = .inline(inline)
        case (nil, let reference?):
            destination = .secret(reference)
        }
        var target = NotifyTarget(name: name, destination: destination, format: format)
        if let events {
            var chosen: [NotificationEvent] = []
            for (i, text) in events.enumerated() {
                guard let event = NotificationEvent(rawValue: text) else {
                    throw ConfigError.invalidValue(
                        path: "\(path).events[\(i)]",
                        reason: "'\(text)' is not one of \(NotificationEvent.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if !chosen.contains(event) { chosen.append(event) }
            }
            guard !chosen.isEmpty else {
                throw ConfigError.invalidValue(path: "\(path).events", reason: "is empty (leave the key out for every event)")
            }
            target.events = chosen
        }
        target.bearerToken = try secretReference("\(path).bearer_token", file: bearerTokenFile, env: bearerTokenEnv)
        if let timeout {
            guard timeout > 0, timeout <= 300 else { throw ConfigError.invalidValue(path: "\(path).timeout", reason: "must be between 1ms and 5m") }
            target.timeout = timeout
        }
        if let retryAfter {
            guard retryAfter > 0 else { throw ConfigError.invalidValue(path: "\(path).retry_after", reason: "must be longer than 0") }
            target.retryAfter = retryAfter
        }
        if let maxAttempts {
            guard (1...100).contains(maxAttempts) else {
                throw ConfigError.invalidValue(path: "\(path).max_attempts", reason: "must be between 1 and 100")
            }
            target.maxAttempts = maxAttempts
        }
        return target
    }
}

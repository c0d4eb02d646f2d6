/// POSIX shell quoting for the one place a shell is unavoidable: the remote side of ssh, which
/// joins its arguments with spaces and hands the line to the remote user's shell.
public enum ShellQuote {
    /// `value` in single quotes, each `'` written as `'\''`: a POSIX shell reads it back as
    /// exactly one word, byte for byte (no expansion of `$`, backticks, `;`, globs or newlines).
    public static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Each element quoted, joined with spaces: a command line that runs `argv` and nothing else.
    public static func commandLine(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }

    /// `argv` for display (manifests, errors): words that need no quoting are left bare.
    public static func display(_ argv: [String]) -> String {
        argv.map { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy(isPlain) ? word : quote(word)
        }.joined(separator: " ")
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ",", ":", "=", "+", "%", "@": true
        default: false
        }
    }
}

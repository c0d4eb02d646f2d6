import Crypto

/// Secret comparisons that take the same time however much of the input matches.
enum ConstantTime {
    /// Hashes both sides with SHA-256 and compares the digests with swift-crypto's
    /// constant-time digest equality, so neither the length nor any prefix of the secret leaks.
    static func equal(_ provided: [UInt8], _ expected: [UInt8]) -> Bool {
        SHA256.hash(data: provided) == SHA256.hash(data: expected)
    }
}

import Crypto

/// Dedup keys: SHA-256 as lowercase hex.
enum DedupHash {
    /// SHA-256 of `bytes` (a raw body).
    static func hex(_ bytes: [UInt8]) -> String {
        hexString(SHA256.hash(data: bytes))
    }

    /// SHA-256 over `fields`, each framed as `<utf8 length>:<bytes>;` so that no two
    /// different field lists hash the same input.
    static func hex(fields: [String]) -> String {
        var hasher = SHA256()
        for field in fields {
            let bytes = Array(field.utf8)
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
            hasher.update(data: [UInt8(ascii: ";")])
        }
        return hexString(hasher.finalize())
    }

    static func hexString(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The distinct terms of one search shard, each with an id in first-seen order. ASCII terms (nearly
/// all) are looked up by their bytes in an open-addressing table, without becoming `String`s: a
/// shard sees every word of its postmortems, most of them repeats. Other terms are keyed by
/// `String`, so canonically equivalent spellings stay one term, as they were.
struct SearchTerms {
    private var slots = [Int32](repeating: -1, count: 1024)
    private var hashes: [UInt64] = []
    private var ascii: [Bool] = []
    private var ends: [Int] = []
    private var bytes: [UInt8] = []
    private var unicode: [String: Int] = [:]

    /// How many distinct terms.
    var count: Int { hashes.count }

    /// The id of `term` (UTF-8), added when new (`inserted`).
    mutating func id(of term: UnsafeBufferPointer<UInt8>) -> (id: Int, inserted: Bool) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt8 = 0
        for byte in term {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            high |= byte
        }
        guard high < 0x80 else {
            let text = String(decoding: term, as: UTF8.self)
            if let id = unicode[text] { return (id, false) }
            let id = append(term, hash: hash, ascii: false)
            unicode[text] = id
            return (id, true)
        }
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] >= 0 {
            let id = Int(slots[slot])
            if hashes[id] == hash, bytes[start(id)..<ends[id]].elementsEqual(term) { return (id, false) }
            slot = (slot + 1) & (slots.count - 1)
        }
        let id = append(term, hash: hash, ascii: true)
        slots[slot] = Int32(id)
        if hashes.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// Term `id` as text (as first seen).
    func term(_ id: Int) -> String {
        String(decoding: bytes[start(id)..<ends[id]], as: UTF8.self)
    }

    private func start(_ id: Int) -> Int { id == 0 ? 0 : ends[id - 1] }

    private mutating func append(_ term: UnsafeBufferPointer<UInt8>, hash: UInt64, ascii isASCII: Bool) -> Int {
        hashes.append(hash)
        ascii.append(isASCII)
        bytes.append(contentsOf: term)
        ends.append(bytes.count)
        return hashes.count - 1
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (id, hash) in hashes.enumerated() where ascii[id] {
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(id)
        }
    }
}

/// One replacement: `range` of the text (UTF-8 byte offsets) becomes `replacement`.
struct Edit: Sendable, Equatable {
    var range: Range<Int>
    var replacement: [UInt8]
}

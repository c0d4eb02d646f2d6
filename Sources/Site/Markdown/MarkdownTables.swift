import CCmark

/// GitHub-style pipe tables on top of libcmark, which implements CommonMark (no tables): a table
/// arrives as a paragraph, so each paragraph whose source lines hold a header row followed by a
/// matching delimiter row is replaced by table nodes. Cell text is parsed by libcmark itself (all
/// cells of a document in one parse), so safe mode and the link rules apply inside cells as
/// everywhere else; the tags come from constant strings on custom nodes. Rendered like cmark-gfm:
/// `<table><thead><tr><th align="…">`, `<tbody>` only when there are body rows.
struct MarkdownTables {
    /// Whether a cell that is (or starts with) a timestamp shows it as the site's `<time>`.
    var timeCells = true

    /// One table found in a paragraph, before any node is built.
    private struct Plan {
        var paragraph: OpaquePointer
        /// Source lines before the header row (they stay a paragraph).
        var before: [ArraySlice<UInt8>]
        var alignments: [PipeTableSyntax.Alignment]
        /// Header cells, then each body row's, every row exactly `alignments.count` wide.
        var rows: [[[UInt8]]]
        /// Source lines after the table (GFM starts another block there).
        var after: [ArraySlice<UInt8>]
    }

    /// Replaces the table paragraphs under `document`; `lines` is the source it was parsed from.
    func apply(to document: OpaquePointer, lines: SourceLines) {
        // Paragraphs, and setext headings: CommonMark reads a `---` (or `-`) right under a table as
        // the underline of a heading made of the table's lines.
        let candidates = CmarkNodes.all(CMARK_NODE_PARAGRAPH, under: document)
            + CmarkNodes.all(CMARK_NODE_HEADING, under: document).filter { cmark_node_get_end_line($0) > cmark_node_get_start_line($0) }
        let plans = candidates.compactMap { plan($0, lines: lines) }
        guard !plans.isEmpty else { return }
        // Every cell of every table as one paragraph each, in order. A cell that could open a block
        // (`# x`, `1. x`, `> x`, `- x`, …) gets a no-break space in front, which keeps it inline and
        // counts as the line start for emphasis, exactly like the start of a cell.
        var text: [UInt8] = []
        for plan in plans {
            for row in plan.rows {
                for cell in row { text += (Self.couldOpenBlock(cell) ? Self.cellPrefix + cell : cell) + [0x0A, 0x0A] }
            }
        }
        text += lines.referenceDefinitions()
        guard let cells = CmarkNodes.parse(text) else { return }
        defer { cmark_node_free(cells) }
        var paragraphs = CmarkNodes.children(of: cells)[...]
        for plan in plans {
            let count = plan.rows.reduce(0) { $0 + $1.count }
            let mine = Array(paragraphs.prefix(count))
            paragraphs = paragraphs.dropFirst(count)
            guard mine.count == count, mine.allSatisfy({ cmark_node_get_type($0) == CMARK_NODE_PARAGRAPH }) else { return }
            build(plan, cells: mine)
        }
    }

    /// The table in `paragraph`, if its lines hold one.
    private func plan(_ paragraph: OpaquePointer, lines: SourceLines) -> Plan? {
        let first = Int(cmark_node_get_start_line(paragraph)), last = Int(cmark_node_get_end_line(paragraph))
        guard last > first else { return nil }
        let numbered = lines.block(first: first, last: last, column: Int(cmark_node_get_start_column(paragraph)))
        let block = numbered.map(\.text)
        guard block.contains(where: { $0.contains(PipeTableSyntax.pipe) || $0.contains(PipeTableSyntax.colon) }) else { return nil }
        for header in 0..<(block.count - 1) {
            guard !numbered[header + 1].lazy, let alignments = PipeTableSyntax.delimiter(block[header + 1]) else { continue }
            let headerCells = PipeTableSyntax.cells(block[header])
            guard headerCells.count == alignments.count else { continue }
            var rows = [headerCells]
            var next = header + 2
            while next < block.count, !numbered[next].lazy, !PipeTableSyntax.endsTable(block[next]) {
                var cells = PipeTableSyntax.cells(block[next])
                cells = Array(cells.prefix(alignments.count)) + Array(repeating: [], count: max(0, alignments.count - cells.count))
                rows.append(cells)
                next += 1
            }
            return Plan(paragraph: paragraph, before: Array(block[..<header]), alignments: alignments, rows: rows, after: Array(block[next...]))
        }
        return nil
    }

    /// Builds the table nodes in place of the paragraph, with `cells` holding the parsed cell text.
    private func build(_ plan: Plan, cells: [OpaquePointer]) {
        let paragraph = plan.paragraph
        if !plan.before.isEmpty { insert(blocksOf: plan.before, before: paragraph) }
        guard let table = CmarkNodes.custom(CMARK_NODE_CUSTOM_BLOCK, enter: "<table>", exit: "</table>") else { return }
        var index = 0
        for (r, row) in plan.rows.enumerated() {
            if r == 0 || r == 1, let section = CmarkNodes.custom(
                CMARK_NODE_CUSTOM_BLOCK, enter: r == 0 ? "<thead>" : "<tbody>", exit: r == 0 ? "</thead>" : "</tbody>") {
                cmark_node_append_child(table, section)
            }
            guard let section = cmark_node_last_child(table),
                  let tr = CmarkNodes.custom(CMARK_NODE_CUSTOM_BLOCK, enter: "<tr>", exit: "</tr>") else { return }
            cmark_node_append_child(section, tr)
            for c in row.indices {
                guard let cell = CmarkNodes.custom(
                    CMARK_NODE_CUSTOM_INLINE, enter: plan.alignments[c].openTag(header: r == 0), exit: r == 0 ? "</th>" : "</td>") else { return }
                fill(cell, from: cells[index], raw: row[c])
                index += 1
                cmark_node_append_child(tr, cell)
            }
        }
        cmark_node_insert_before(paragraph, table)
        if !plan.after.isEmpty { insert(blocksOf: plan.after, before: paragraph) }
        CmarkNodes.remove(paragraph)
    }

    /// Moves a parsed cell's inline content into `cell`, without the no-break space put in front of
    /// it, and with the timestamps of its text shown as `<time>`.
    private func fill(_ cell: OpaquePointer, from parsed: OpaquePointer, raw: [UInt8]) {
        if Self.couldOpenBlock(raw), let first = cmark_node_first_child(parsed), cmark_node_get_type(first) == CMARK_NODE_TEXT,
           let literal = cmark_node_get_literal(first), UInt8(bitPattern: literal[0]) == 0xC2, UInt8(bitPattern: literal[1]) == 0xA0 {
            // cmark copies the new literal before freeing the old one, so pointing into it is safe.
            if literal[2] == 0 { CmarkNodes.remove(first) } else { cmark_node_set_literal(first, literal + 2) }
        }
        CmarkNodes.moveChildren(of: parsed, into: cell)
        guard timeCells, TimestampText.mayContain(raw) else { return }
        for text in CmarkNodes.children(of: cell) where cmark_node_get_type(text) == CMARK_NODE_TEXT {
            guard let pieces = TimestampText.pieces(CmarkNodes.literal(text)) else { continue }
            for piece in pieces {
                switch piece {
                case .text(let plain):
                    if let node = CmarkNodes.text(plain) { cmark_node_insert_before(text, node) }
                case .time(let stamp):
                    guard let time = CmarkNodes.custom(CMARK_NODE_CUSTOM_INLINE, enter: "<time datetime=\"\(stamp.machine)\">", exit: "</time>"),
                          let label = CmarkNodes.text(stamp.display) else { continue }
                    cmark_node_append_child(time, label)
                    cmark_node_insert_before(text, time)
                }
            }
            CmarkNodes.remove(text)
        }
    }

    /// Parses `lines` as Markdown and moves the resulting blocks in front of `node`.
    private func insert(blocksOf lines: [ArraySlice<UInt8>], before node: OpaquePointer) {
        var text: [UInt8] = []
        for line in lines { text += line + [0x0A] }
        guard let parsed = CmarkNodes.parse(text) else { return }
        defer { cmark_node_free(parsed) }
        for block in CmarkNodes.children(of: parsed) {
            cmark_node_unlink(block)
            cmark_node_insert_before(node, block)
        }
    }

    /// U+00A0: Unicode whitespace to cmark's emphasis rules, but no indentation and no block start.
    static let cellPrefix: [UInt8] = [0xC2, 0xA0]

    /// Whether a (trimmed) cell, alone on a line, could start something other than a paragraph:
    /// a heading, quote, list, rule, fence, HTML block or link definition, or be empty.
    static func couldOpenBlock(_ cell: [UInt8]) -> Bool {
        guard let first = cell.first else { return true }
        switch first {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "="),
             UInt8(ascii: "<"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "_"), UInt8(ascii: "["):
            return true
        default:
            break
        }
        guard PipeTableSyntax.isDigit(first) else { return false }
        let rest = cell.drop { PipeTableSyntax.isDigit($0) }
        return rest.first == 0x2E || rest.first == 0x29
    }
}

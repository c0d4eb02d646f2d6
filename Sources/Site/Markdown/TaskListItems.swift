import CCmark

/// GitHub-style task list items: a list item whose text starts with `[ ]`, `[x]` or `[X]` and a
/// space shows a disabled checkbox instead (`<input type="checkbox" disabled="" />`, checked for
/// `x`, placed as cmark-gfm places it: inside a tight item's text, before a loose item's
/// paragraph). The marker is found by the paragraph's source position.
enum TaskListItems {
    /// Turns the task markers of every list item under `document` into checkboxes.
    static func apply(to document: OpaquePointer, lines: SourceLines) {
        for item in CmarkNodes.all(CMARK_NODE_ITEM, under: document) {
            guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { continue }
            let line = lines.line(Int(cmark_node_get_start_line(paragraph)))
            let text = line.dropFirst(max(0, Int(cmark_node_get_start_column(paragraph)) - 1))
            guard let checked = marker(text), removeMarker(from: paragraph) else { continue }
            let input = checked ? "<input type=\"checkbox\" checked=\"\" disabled=\"\" />" : "<input type=\"checkbox\" disabled=\"\" />"
            let tight = cmark_node_parent(item).map { cmark_node_get_list_tight($0) != 0 } ?? true
            if tight {
                guard let box = CmarkNodes.custom(CMARK_NODE_CUSTOM_INLINE, enter: input + " ", exit: "") else { continue }
                if let first = cmark_node_first_child(paragraph) {
                    cmark_node_insert_before(first, box)
                } else {
                    cmark_node_append_child(paragraph, box)
                }
            } else if let box = CmarkNodes.custom(CMARK_NODE_CUSTOM_BLOCK, enter: input, exit: "") {
                cmark_node_insert_before(paragraph, box)
            }
        }
    }

    /// Whether `text` starts with a task marker: nil when it does not, else whether it is checked.
    static func marker(_ text: ArraySlice<UInt8>) -> Bool? {
        let bytes = Array(text.prefix(4))
        guard bytes.count == 4, bytes[0] == 0x5B, bytes[2] == 0x5D, bytes[3] == 0x20 || bytes[3] == 0x09 else { return nil }
        switch bytes[1] {
        case 0x20: return false
        case 0x78, 0x58: return true
        default: return nil
        }
    }

    /// Removes the marker's three characters and the spaces after them from the paragraph's
    /// leading text nodes (cmark splits `[ ]` into several); false if they are not there.
    static func removeMarker(from paragraph: OpaquePointer) -> Bool {
        var nodes: [OpaquePointer] = []
        var prefix = ""
        var node = cmark_node_first_child(paragraph)
        while let current = node, cmark_node_get_type(current) == CMARK_NODE_TEXT, prefix.unicodeScalars.count < 4 {
            nodes.append(current)
            prefix += CmarkNodes.literal(current)
            node = cmark_node_next(current)
        }
        guard marker(Array(prefix.utf8)[...]) != nil else { return false }
        var remaining = 3
        for text in nodes {
            let whole = CmarkNodes.literal(text)
            let scalars = whole.unicodeScalars
            var start = scalars.startIndex
            while remaining > 0, start != scalars.endIndex {
                scalars.formIndex(after: &start)
                remaining -= 1
            }
            if remaining == 0 {
                while start != scalars.endIndex, scalars[start] == " " || scalars[start] == "\t" { scalars.formIndex(after: &start) }
            }
            let literal = String(scalars[start...])
            if literal.isEmpty {
                CmarkNodes.remove(text)
                if remaining == 0 { continue }
            } else {
                cmark_node_set_literal(text, literal)
                if remaining == 0 { break }
            }
        }
        return true
    }
}

import AftermathCore

/// How the list commands print rows: JSON records with `--json`, else `none` when there are no
/// rows, else an aligned table.
struct Listing<Row>: Sendable {
    let header: [String]
    let cells: @Sendable (Row) -> [String]

    func print<Record: Encodable>(_ rows: [Row], json: Bool, record: (Row) -> Record, none: @autoclosure () -> String) throws {
        if json {
            Swift.print(try JSONText.pretty(rows.map(record)))
        } else {
            Swift.print(rows.isEmpty ? none() : TextTable.render(header: header, rows: rows.map(cells)))
        }
    }
}

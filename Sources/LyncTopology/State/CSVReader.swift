// The CSV layer of the state files, hand-written rather than SwiftCSV 0.10.0 or CSV.swift 2.5.2, for two reasons.
// Start-up: both import Foundation, which lynctopo does not otherwise load (it links FoundationEssentials only);
// linking SwiftCSV into the library adds libFoundation, libFoundationInternationalization and _FoundationICU, and
// made `lynctopo validate topologies/enterprise-mirrored.xml` 15.6 ms slower (median of 300 interleaved pairs,
// 58.6 ms without, 74.7 ms with; debug builds on a busy machine; CSV.swift loads the same Foundation and was not
// measured apart). Messages: neither says on which line a record starts nor where a quote is left open, which
// every message of a state file needs (`path:line:column: error: …`). csv-spectrum checks this reader.

/// RFC 4180 CSV: a header row and records. Quoted fields may hold commas, doubled quotes and line breaks; lines
/// end with CRLF, LF or CR alone; a quote inside an unquoted field is kept as a character; blanks before an
/// opening quote and after a closing one are ignored. Blank lines are skipped.
struct CSVReader {
    /// One record: its fields and the line (from 1) it starts on.
    struct Row: Sendable, Hashable {
        var line: Int
        var fields: [String]
    }

    /// The header row and the records under it.
    struct Table: Sendable, Hashable {
        var header: Row
        var records: [Row]

        /// Refuses a record whose number of fields is not the header's.
        func checkWidth(_ row: Row, path: String) throws(StateFileError) {
            guard row.fields.count != header.fields.count else { return }
            throw .malformed(path: path, line: row.line,
                             message: "row has \(row.fields.count) field\(row.fields.count == 1 ? "" : "s"), the header has \(header.fields.count)")
        }

        /// The records as header name → value (the first of two columns with one name wins).
        var dictionaries: [[String: String]] {
            records.map { row in
                var dictionary: [String: String] = [:]
                for (name, value) in zip(header.fields, row.fields) where dictionary[name] == nil { dictionary[name] = value }
                return dictionary
            }
        }
    }

    /// The header row (the first row that `isPreamble` does not skip) and the records, each with as many fields
    /// as the header (unless `checkWidths` is false: the caller checks each record with `Table.checkWidth`).
    static func table(_ text: String, path: String, checkWidths: Bool = true,
                      isPreamble: (Row) -> Bool = { _ in false }) throws(StateFileError) -> Table {
        let rows = try self.rows(text, path: path)
        var position = 0
        while position < rows.count, isPreamble(rows[position]) { position += 1 }
        guard position < rows.count else {
            throw .malformed(path: path, line: rows.last?.line ?? 1, message: "state file is empty: no header line")
        }
        let header = rows[position]
        let table = Table(header: header, records: Array(rows[(position + 1)...]))
        if checkWidths {
            for row in table.records { try table.checkWidth(row, path: path) }
        }
        return table
    }

    /// Splits CSV text into rows, blank lines left out.
    static func rows(_ text: String, path: String) throws(StateFileError) -> [Row] {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var state = State.fieldStart
        var location = StateFile.TextLocation()
        var rowLine = 1
        var quote = (line: 1, column: 1)
        var previousWasCR = false

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && StateFile.trim(fields[0]).isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }

        for scalar in text.unicodeScalars {
            defer { location.advance(scalar) }
            let isNewline = scalar == "\n" || scalar == "\r"
            if scalar == "\n" && previousWasCR {
                // The LF of a CRLF: the record (or the quoted line break) was handled at the CR.
                previousWasCR = false
                if state == .quoted { field.append(scalar) }
                continue
            }
            previousWasCR = scalar == "\r"
            switch state {
            case .fieldStart, .unquoted:
                if scalar == "," {
                    endField()
                    state = .fieldStart
                } else if isNewline {
                    endRow()
                    state = .fieldStart
                } else if scalar == "\"" && state == .fieldStart {
                    field = String.UnicodeScalarView()   // blanks before an opening quote are ignored
                    state = .quoted
                    quote = (location.line, location.column)
                } else if (scalar == " " || scalar == "\t") && state == .fieldStart {
                    field.append(scalar)
                } else {
                    field.append(scalar)
                    state = .unquoted
                }
            case .quoted:
                if scalar == "\"" { state = .quoteInQuoted } else { field.append(scalar) }
            case .quoteInQuoted:
                if scalar == "\"" {
                    field.append(scalar)
                    state = .quoted
                } else if scalar == "," {
                    endField()
                    state = .fieldStart
                } else if isNewline {
                    endRow()
                    state = .fieldStart
                } else if scalar == " " || scalar == "\t" {
                    continue   // blanks after a closing quote are ignored
                } else {
                    throw .syntax(path: path, line: location.line, column: location.column,
                                  message: "unexpected character '\(StateFile.printable(scalar))' after the closing quote of a field")
                }
            }
            if isNewline && state == .fieldStart && fields.isEmpty { rowLine = location.line + 1 }
        }
        switch state {
        case .quoted:
            throw .syntax(path: path, line: quote.line, column: quote.column, message: "quoted field is not closed (a '\"' is missing)")
        case .fieldStart:
            if !fields.isEmpty { endRow() }
        case .unquoted, .quoteInQuoted:
            endRow()
        }
        return rows
    }
}

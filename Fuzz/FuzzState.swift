// The state-file fuzz targets (see FuzzTarget.swift). Compiled into the library module by Fuzz/run.sh, so they
// reach the internal readers. Each reads the bytes, must not trap, and checks what it got: an error is located
// inside the document, a record has the names it cannot do without.

enum FuzzState {
    static func run(_ target: FuzzTarget, _ bytes: [UInt8]) {
        switch target {
        case .stateCSV: csv(bytes)
        case .stateJSON: json(bytes)
        case .mirrorStateCSV: mirrorStates(bytes)
        case .pipeline, .archive, .readerParts: break
        }
    }

    /// The generic CSV layer, then the Test-CsDatabase reader and what the publish simulation takes from it.
    static func csv(_ bytes: [UInt8]) {
        if let text = try? StateFile.decodeText(bytes, path: "fuzz.csv") {
            let lines = lineCount(text)
            do {
                let rows = try CSVReader.rows(text, path: "fuzz.csv")
                precondition(zip(rows, rows.dropFirst()).allSatisfy { $0.line < $1.line }, "CSV rows out of order")
                precondition(rows.allSatisfy { $0.line >= 1 && $0.line <= lines && !$0.fields.isEmpty }, "a CSV row outside the text")
                if let table = try? CSVReader.table(text, path: "fuzz.csv") {
                    precondition(table.records.allSatisfy { $0.fields.count == table.header.fields.count }, "a record wider than the header")
                    _ = table.dictionaries
                }
            } catch {
                check(error, lines: lines)
            }
        }
        read(bytes, format: .csv)
        if let records = try? StateFile.parse(bytes, path: "fuzz.csv") {
            precondition(records.allSatisfy { !$0.sqlServer.isEmpty && !$0.database.isEmpty }, "a database record without a name")
        }
    }

    /// The JSON reader, then the JSON state list.
    static func json(_ bytes: [UInt8]) {
        if let text = try? StateFile.decodeText(bytes, path: "fuzz.json") {
            do {
                _ = try JSONReader.parse(text, path: "fuzz.json")
            } catch {
                guard case .syntax = error else { preconditionFailure("the JSON reader threw a non-syntax error: \(error)") }
                check(error, lines: lineCount(text))
            }
        }
        read(bytes, format: .json)
    }

    /// The Get-CsDatabaseMirrorState reader (the input is read with the sniffing entry point too, as the command
    /// line does).
    static func mirrorStates(_ bytes: [UInt8]) {
        read(bytes, format: .csv)
        read(bytes, format: nil)
    }

    static func read(_ bytes: [UInt8], format: StateFormat?) {
        let lines = (try? StateFile.decodeText(bytes, path: "fuzz")).map(lineCount) ?? Int.max
        do {
            switch try StateFile.read(bytes, path: "fuzz", format: format) {
            case .databases(let records):
                precondition(records.allSatisfy { !$0.sqlServer.isEmpty && !$0.database.isEmpty && $0.line >= 1 && $0.line <= lines },
                             "a database record without a name or outside the text")
                _ = records.map(\.existing)
            case .mirrorStates(let records):
                precondition(records.allSatisfy { !$0.poolFQDN.isEmpty && !$0.database.isEmpty && $0.line >= 1 && $0.line <= lines },
                             "a mirror-state record without a name or outside the text")
            }
        } catch {
            check(error, lines: lines)
        }
    }

    /// An error says where, inside the text, and what.
    static func check(_ error: StateFileError, lines: Int) {
        if case .cannotOpen = error { preconditionFailure("a parse error that is not exit 65 (unreadable)") }
        precondition(!error.message.isEmpty && !error.description.isEmpty, "an error without a message")
        guard let line = error.line else { preconditionFailure("a parse error without a line") }
        precondition(line >= 1 && line <= max(lines, 1), "an error line outside the text: \(error)")
        if let column = error.column { precondition(column >= 1, "an error column before the line: \(error)") }
    }

    /// The number of lines of the text (a line ends with LF, CRLF or CR), counting the one after a final break.
    static func lineCount(_ text: String) -> Int {
        var location = StateFile.TextLocation()
        for scalar in text.unicodeScalars { location.advance(scalar) }
        return location.line
    }
}

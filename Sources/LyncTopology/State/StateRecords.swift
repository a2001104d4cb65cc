/// Which kind of state file a CSV table is (by its columns) and its typed records.
enum CSVState {
    static func read(_ text: String, path: String) throws(StateFileError) -> StateInput {
        typealias Field = StateFile.Field
        // Windows PowerShell writes a "#TYPE …" line first unless -NoTypeInformation is given.
        let table = try CSVReader.table(text, path: path, checkWidths: false) { $0.fields.first?.hasPrefix("#") == true }
        let header = table.header
        var columns: [Field: Int] = [:]
        for (offset, name) in header.fields.enumerated() {
            if let field = Field.named(name), columns[field] == nil { columns[field] = offset }
        }
        let found = header.fields.map { StateFile.printable(StateFile.trim($0)) }.filter { !$0.isEmpty }
        let foundText = "columns found: \(found.isEmpty ? "none" : found.joined(separator: ", "))"
        func values(_ row: CSVReader.Row) throws(StateFileError) -> [Field: String] {
            try table.checkWidth(row, path: path)
            var values: [Field: String] = [:]
            for (field, offset) in columns { values[field] = StateFile.trim(row.fields[offset]) }
            return values
        }

        if columns[.sqlServer] == nil, Field.mirrorStates.contains(where: { columns[$0] != nil }) {
            let missing = [Field.poolFQDN, .database].filter { columns[$0] == nil }
            if !missing.isEmpty {
                throw .malformed(
                    path: path, line: header.line,
                    message: "mirror-state file has no \(missing.map(\.displayName).joined(separator: " or ")) column (\(foundText)); Get-CsDatabaseMirrorState names no pool, so export it with one: \(StateFile.mirrorStateExport)")
            }
            var records: [MirrorStateRecord] = []
            for row in table.records {
                let rowValues = try values(row)
                do {
                    records.append(try MirrorStateRecord(values: rowValues, line: row.line))
                } catch {
                    throw .malformed(path: path, line: row.line, message: error.message)
                }
            }
            return .mirrorStates(records)
        }

        let missing = Field.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw .malformed(
                path: path, line: header.line,
                message: "state file has no \(missing.map(\.displayName).joined(separator: " or ")) column (\(foundText)); expected the CSV of Test-CsDatabase | Export-Csv -NoTypeInformation or a JSON list of {sqlServer, instance, database}")
        }
        let reportsStatus = columns[.succeed] != nil || columns[.installedVersion] != nil || columns[.exists] != nil
        var records: [DatabaseRecord] = []
        for row in table.records {
            let rowValues = try values(row)
            do {
                records.append(try DatabaseRecord(values: rowValues, reportsStatus: reportsStatus, line: row.line))
            } catch {
                throw .malformed(path: path, line: row.line, message: error.message)
            }
        }
        return .databases(records)
    }
}

/// Which kind of state file a JSON document is (by the keys of its first record) and its typed records. A
/// well-formed document that is not a list of records is a `.shape` error at the value that does not fit.
enum JSONState {
    typealias Field = StateFile.Field
    typealias Node = JSONReader.Node

    static func read(_ root: Node, path: String) throws(StateFileError) -> StateInput {
        func shape(_ node: Node, _ message: String) -> StateFileError {
            .shape(path: path, line: node.line, column: node.column, message: message)
        }
        let items: [Node]
        switch root.kind {
        case .array(let values): items = values
        case .object: items = [root]   // ConvertTo-Json writes a lone record as an object
        default: throw shape(root, "a JSON state file is a list of {sqlServer, instance, database} records, not \(root.kindName)")
        }

        /// The recognised keys of a record, the first of two spellings winning.
        func fields(_ item: Node) throws(StateFileError) -> [Field: (key: String, value: Node)] {
            guard case .object(let pairs) = item.kind else {
                throw shape(item, "a state record is a JSON object {sqlServer, instance, database}, not \(item.kindName)")
            }
            var fields: [Field: (key: String, value: Node)] = [:]
            for (key, value) in pairs {
                if let field = Field.named(key), fields[field] == nil { fields[field] = (key, value) }
            }
            return fields
        }
        /// The values as text: a string (trimmed), a number or a boolean as written; null is absent. A name must
        /// be a string.
        func values(_ fields: [Field: (key: String, value: Node)]) throws(StateFileError) -> [Field: String] {
            var values: [Field: String] = [:]
            for field in Field.allCases {
                guard let (key, value) = fields[field] else { continue }
                switch value.kind {
                case .string(let string): values[field] = StateFile.trim(string)
                case .null: break
                case .number(let number) where !field.isName: values[field] = number
                case .bool(let flag) where !field.isName: values[field] = flag ? "True" : "False"
                default:
                    throw shape(value, "\"\(StateFile.printable(key))\" is \(value.kindName), not a string (\(field.displayName) is \(field.isName ? "a name" : "text"))")
                }
            }
            return values
        }

        let first = try items.first.map(fields)
        let isMirrorState = first.map { first in first[.sqlServer] == nil && Field.mirrorStates.contains { first[$0] != nil } } ?? false
        if isMirrorState {
            var records: [MirrorStateRecord] = []
            for item in items {
                let itemFields = try fields(item)
                for field in [Field.poolFQDN, .database] where itemFields[field] == nil {
                    throw shape(item, "mirror-state record has no \(field.displayName); Get-CsDatabaseMirrorState names no pool, so export it with one: \(StateFile.mirrorStateExport)")
                }
                let itemValues = try values(itemFields)
                do {
                    records.append(try MirrorStateRecord(values: itemValues, line: item.line))
                } catch {
                    throw shape(item, error.message)
                }
            }
            return .mirrorStates(records)
        }

        var records: [DatabaseRecord] = []
        for item in items {
            let itemFields = try fields(item)
            for field in Field.required where itemFields[field] == nil {
                throw shape(item, "state record has no \(field.rawValue) (\(field.displayName))")
            }
            let reportsStatus = itemFields[.succeed] != nil || itemFields[.installedVersion] != nil || itemFields[.exists] != nil
            let itemValues = try values(itemFields)
            do {
                records.append(try DatabaseRecord(values: itemValues, reportsStatus: reportsStatus, line: item.line))
            } catch {
                throw shape(item, error.message)
            }
        }
        return .databases(records)
    }
}

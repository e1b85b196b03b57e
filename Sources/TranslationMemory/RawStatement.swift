import Foundation
import GRDB
import GRDBSQLite

/// A prepared INSERT run through SQLite's C API: bound and stepped without GRDB's per-statement
/// bookkeeping (argument arrays, the observation broker), which cost a bulk import about as much
/// as SQLite's own work. Only for statements that change no transaction state, inside a
/// transaction GRDB opened.
struct _RawInsert {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// Binds `values` (Int64, String, [UInt8] or nil, in order), runs the statement once and
    /// resets it. Returns how many rows it changed. Every run binds every parameter, so the
    /// bindings are not cleared; text and blobs are bound where they lie (`SQLITE_STATIC`: no copy
    /// in SQLite) while the statement runs.
    @discardableResult
    func run(_ values: _RawValue...) throws -> Int {
        defer { sqlite3_reset(handle) }
        return try bind(values[...], at: 1)
    }

    /// Binds the first of `values` at `position` and the rest after it, each in the scope of its
    /// bytes, then steps.
    private func bind(_ values: ArraySlice<_RawValue>, at position: Int32) throws -> Int {
        guard let value = values.first else {
            let code = sqlite3_step(handle)
            let changes = Int(sqlite3_changes(connection))
            // Reset while the bound bytes are alive.
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else { throw error(code) }
            return changes
        }
        let rest = values.dropFirst()
        func check(_ code: Int32) throws {
            guard code == SQLITE_OK else { throw error(code) }
        }
        switch value {
        case .null:
            try check(sqlite3_bind_null(handle, position))
            return try bind(rest, at: position + 1)
        case .integer(let number):
            try check(sqlite3_bind_int64(handle, position, number))
            return try bind(rest, at: position + 1)
        case .text(var text):
            return try text.withUTF8 { bytes in
                // Up to the first NUL, as GRDB binds text (the same rows as before).
                let start = UnsafeRawPointer(bytes.baseAddress ?? _empty)
                let count = memchr(start, 0, bytes.count).map { start.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
                try check(sqlite3_bind_text(handle, position, start.assumingMemoryBound(to: CChar.self), Int32(count), _static))
                return try bind(rest, at: position + 1)
            }
        case .blob(let bytes):
            return try bytes.withUnsafeBytes { raw in
                try check(sqlite3_bind_blob(handle, position, raw.baseAddress ?? UnsafeRawPointer(_empty), Int32(raw.count), _static))
                return try bind(rest, at: position + 1)
            }
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.flatMap { String(cString: sqlite3_errmsg($0)) },
                      sql: statement.sql)
    }
}

/// One value bound by ``_RawInsert``.
enum _RawValue {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    static func text(_ text: String?) -> _RawValue { text.map { .text($0) } ?? .null }
}

/// SQLite reads what is bound with it where it lies, until the statement is reset.
private let _static = unsafeBitCast(OpaquePointer(bitPattern: 0), to: sqlite3_destructor_type.self)
/// A byte for empty text and blobs (a null pointer would bind NULL).
private var _empty: UnsafePointer<UInt8> { ("" as StaticString).utf8Start }

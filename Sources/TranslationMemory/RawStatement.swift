import GRDB
import GRDBSQLite

/// A prepared INSERT run through SQLite's C API: bound and stepped without GRDB's per-statement
/// bookkeeping (argument arrays, the observation broker), which cost a bulk import about as much
/// as SQLite's own work. Only for statements that change no transaction state, inside a
/// transaction GRDB opened; text and blobs are copied by SQLite (`SQLITE_TRANSIENT`).
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
    /// resets it. Returns how many rows it changed.
    @discardableResult
    func run(_ values: _RawValue...) throws -> Int {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, position)
            case .integer(let number): code = sqlite3_bind_int64(handle, position, number)
            case .text(let text):
                // -1: up to the first NUL, as GRDB binds text (the same rows as before).
                code = sqlite3_bind_text(handle, position, text, -1, _transient)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob(handle, position, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), _transient)
                }
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
        return Int(sqlite3_changes(connection))
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

/// SQLite copies what is bound with it.
private let _transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

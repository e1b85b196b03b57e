import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import TranslationMemory

/// One connection to the server, used from one thread at a time (the store serializes), with
/// PostgreSQL's errors turned into ``MemoryError``s that name the server, never the password.
final class PostgresSession: @unchecked Sendable {
    let address: PostgresAddress
    private let connection: PostgresConnection
    private let logger: Logger
    private let turn = Mutex(())

    /// Runs `body` while no other thread uses this session through `serially`.
    func serially<T>(_ body: () throws -> T) rethrows -> T {
        try turn.withLock { _ in try body() }
    }

    init(address: PostgresAddress) throws(MemoryError) {
        self.address = address
        var logger = Logger(label: "tmkit.team-memory")
        logger.logLevel = .critical
        self.logger = logger
        let tls: PostgresConnection.Configuration.TLS
        do {
            tls = try Self.tls(address)
        } catch let error as MemoryError {
            throw error
        } catch {
            throw MemoryError("cannot set up TLS for \(address): \(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw Self.failure(error, address: address, doing: "cannot connect to \(address)")
        }
    }

    deinit { try? connection.close().wait() }

    func close() {
        _ = try? settle()
        try? connection.close().wait()
    }

    static func tls(_ address: PostgresAddress) throws -> PostgresConnection.Configuration.TLS {
        switch address.tlsMode {
        case .disable:
            return .disable
        case .prefer, .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            let context = try NIOSSLContext(configuration: configuration)
            return address.tlsMode == .prefer ? .prefer(context) : .require(context)
        case .verifyCA, .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = address.tlsMode == .verifyFull ? .fullVerification : .noHostnameVerification
            if let root = address.rootCertificate {
                guard FileManager.default.isReadableFile(atPath: root) else {
                    throw MemoryError("cannot read the root certificate \(root) (sslrootcert)")
                }
                configuration.trustRoots = .file(root)
            }
            return .require(try NIOSSLContext(configuration: configuration))
        }
    }

    /// A statement sent and not waited for (a read snapshot's BEGIN and COMMIT): the connection
    /// runs statements in order, so the next one's answer comes after it; its outcome is checked
    /// before the next statement is sent. Only the thread that holds the session touches it.
    private var pending: (result: EventLoopFuture<PostgresQueryResult>, action: String, isBegin: Bool)?

    /// Waits for the statement sent without waiting, and reports its failure.
    private func settle() throws(MemoryError) {
        guard let (result, action, _) = pending else { return }
        pending = nil
        do { _ = try result.wait() } catch { throw Self.failure(error, address: address, doing: action) }
    }

    /// Sends one statement without waiting for it (see `pending`).
    private func send(_ sql: String, doing action: String) throws(MemoryError) {
        try settle()
        pending = (connection.query(PostgresQuery(unsafeSQL: sql), logger: logger), action, sql.hasPrefix("BEGIN"))
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ values: [any PostgresEncodable & Sendable] = [], doing action: String = "cannot read the memory")
        throws(MemoryError) -> PostgresQueryResult
    {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            do { try binds.append(value) } catch { throw MemoryError("\(action): \(error)") }
        }
        // Only the first statement of a read goes out behind its BEGIN; a pending COMMIT is
        // settled first, so that its failure never lands in another transaction.
        if pending?.isBegin == false { try settle() }
        let result = connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        try settle()
        do {
            return try result.wait()
        } catch {
            throw Self.failure(error, address: address, doing: action)
        }
    }

    /// Runs `body` in one transaction (`REPEATABLE READ READ ONLY` for `reading`), committed when
    /// it returns and rolled back when it throws. A read's BEGIN goes out with its first query and
    /// its COMMIT with the next statement: two round trips fewer for each lookup.
    func transaction<T>(reading: Bool, doing action: String, _ body: () throws -> T) throws -> T {
        do {
            if reading {
                try send("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", doing: action)
            } else {
                try query("BEGIN", doing: action)
            }
            let value = try body()
            if reading {
                try send("COMMIT", doing: action)
            } else {
                try query("COMMIT", doing: action)
            }
            return value
        } catch {
            _ = try? settle()
            _ = try? query("ROLLBACK", doing: action)
            throw error
        }
    }

    /// A PostgreSQL or connection error as one line: the server's message (never the password,
    /// which the server does not repeat), or what failed on the way.
    static func failure(_ error: any Error, address: PostgresAddress, doing action: String) -> MemoryError {
        if var error = error as? MemoryError {
            if error.file == nil { error.file = address.description }
            return error
        }
        var detail: String
        var code: String?
        if let error = error as? PSQLError {
            code = error.serverInfo?[.sqlState]
            if let message = error.serverInfo?[.message] {
                detail = message
                if let hint = error.serverInfo?[.hint] { detail += " (\(hint))" }
            } else if let underlying = error.underlying {
                detail = Self.describe(underlying)
            } else {
                switch error.code {
                case .sslUnsupported: detail = "the server does not offer TLS (sslmode requires it)"
                case .serverClosedConnection, .clientClosedConnection: detail = "the connection was closed"
                case .authMechanismRequiresPassword: detail = "the server asks for a password and none was given (PGPASSWORD or ~/.pgpass)"
                default: detail = "\(error.code)"
                }
            }
        } else {
            detail = Self.describe(error)
        }
        if let password = address.password, !password.isEmpty {
            detail = detail.replacingOccurrences(of: password, with: "***")
        }
        var message = "\(action): \(detail)"
        switch code {
        case "42501": message += " (the role \(address.user) may not do this: a read-only role looks up and exports only)"
        case "25006": message += " (a read-only connection or a standby server cannot write)"
        default: break
        }
        return MemoryError(message, file: address.description)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOSSLError { return "TLS: \(error)" }
        if let error = error as? BoringSSLError { return "TLS: \(error)" }
        let text = "\(error)"
        if text.contains("connection reset") || text.contains("Connection refused") || text.contains("connect(descriptor") {
            return "the server does not answer (is it running, and is the host and port right?)"
        }
        return text
    }
}

extension PostgresRow {
    /// Column `index` decoded as `T`, with the store's error.
    func value<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws(MemoryError) -> T {
        // Walks the row's cells (a few) instead of copying them into a random-access row each call.
        do {
            return try self[self.index(startIndex, offsetBy: index)].decode(T.self, context: .default)
        } catch {
            throw MemoryError("cannot read the memory: unexpected value in column \(index) (\(T.self))")
        }
    }
}

import Foundation
import TranslationMemory

/// Where a team memory's server is and how to log in: a `postgres://` or `postgresql://` URL
/// (libpq's form), completed from the `PG*` environment variables and the password file as libpq
/// does. The password never appears in ``description`` or in any error.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS (libpq's `sslmode`).
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS always, without checking the certificate.
        case require
        /// TLS always; the certificate must be signed by the root certificate (`sslrootcert`).
        case verifyCA = "verify-ca"
        /// TLS always; the certificate must be signed by the root certificate and name the host.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The login role.
    public var user: String
    /// The login password; nil when the server needs none.
    public var password: String?
    /// The database holding the memory.
    public var database: String
    /// How the connection uses TLS.
    public var tlsMode: TLSMode
    /// The PEM file of the certificate authority that signs the server's certificate (`sslrootcert`).
    public var rootCertificate: String?

    /// Whether `text` names a server rather than a file: it starts with `postgres://` or `postgresql://`.
    public static func isServerAddress(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The address without its password: what messages show.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(Self.escape(user))@\(hostPart):\(port)/\(Self.escape(database))"
    }

    /// Reads a `postgres://[USER[:PASSWORD]@][HOST][:PORT][/DATABASE][?sslmode=…&sslrootcert=…]`
    /// URL; what it leaves out comes from `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
    /// `PGDATABASE`, `PGSSLMODE`, `PGSSLROOTCERT`, then the password file (`PGPASSFILE`, else
    /// `~/.pgpass`), then libpq's defaults (localhost, 5432, the login name, the user's name as
    /// the database, `prefer`).
    public init(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(MemoryError) {
        guard let schemeEnd = url.range(of: "://"), Self.isServerAddress(url) else {
            throw MemoryError("not a PostgreSQL address (postgres://USER@HOST:PORT/DATABASE)")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        // The credentials end at the last @ (a password may hold /, ? or # when not escaped).
        var user: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            if let colon = credentials.firstIndex(of: ":") {
                user = Self.unescape(credentials[..<colon])
                password = Self.unescape(credentials[credentials.index(after: colon)...])
            } else {
                user = Self.unescape(credentials)
            }
            rest = rest[rest.index(after: at)...]
        }
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                query[String(parts[0])] = parts.count > 1 ? Self.unescape(parts[1]) : ""
            }
            rest = rest[..<mark]
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = Self.unescape(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var host: String?, port: Int?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            port = Int(rest[rest.index(after: colon)...]) ?? -1
        } else if !rest.isEmpty {
            host = String(rest)
        }
        if port == -1 { throw MemoryError("the port of \(Self.redacted(url)) is not a number") }
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        self.host = nonEmpty(host) ?? nonEmpty(query["host"]) ?? nonEmpty(environment["PGHOST"]) ?? "localhost"
        guard !self.host.hasPrefix("/") else {
            throw MemoryError("a Unix socket (\(self.host)) is not supported; give the server's host and port")
        }
        let portText = query["port"] ?? environment["PGPORT"]
        if port == nil, let portText, !portText.isEmpty {
            guard let number = Int(portText) else { throw MemoryError("the port '\(portText)' is not a number") }
            port = number
        }
        self.port = port ?? 5432
        guard (1...65535).contains(self.port) else { throw MemoryError("the port \(self.port) is not between 1 and 65535") }
        let login = nonEmpty(ProcessInfo.processInfo.environment["USER"]) ?? NSUserName()
        self.user = nonEmpty(user) ?? nonEmpty(query["user"]) ?? nonEmpty(environment["PGUSER"]) ?? login
        self.database = nonEmpty(path) ?? nonEmpty(query["dbname"]) ?? nonEmpty(environment["PGDATABASE"]) ?? self.user
        let modeText = nonEmpty(query["sslmode"]) ?? nonEmpty(environment["PGSSLMODE"]) ?? "prefer"
        guard let mode = TLSMode(rawValue: modeText) else {
            let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw MemoryError("sslmode '\(modeText)' is not one tmkit knows (\(modes))")
        }
        tlsMode = mode
        rootCertificate = nonEmpty(query["sslrootcert"]) ?? nonEmpty(environment["PGSSLROOTCERT"])
        self.password = password ?? nonEmpty(query["password"]) ?? environment["PGPASSWORD"]
            ?? Self.passwordFromFile(host: self.host, port: self.port, database: self.database, user: self.user,
                                     environment: environment)
    }

    /// The password from libpq's password file (`hostname:port:database:username:password`
    /// lines, `*` for any, `\` escaping `:` and `\`); ignored, as libpq does, unless only its owner
    /// may read it.
    static func passwordFromFile(host: String, port: Int, database: String, user: String,
                                 environment: [String: String]) -> String? {
        let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [], field = "", escaped = false
            for character in line {
                if escaped { field.append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == ":" && fields.count < 4 { fields.append(field); field = "" }
                else { field.append(character) }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 || ($0 == "localhost" && $1 == "127.0.0.1") }) {
                return fields[4]
            }
        }
        return nil
    }

    /// `url` with any password replaced by `***`, for messages about a URL that could not be read.
    public static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        var result = String(url[..<schemeEnd.upperBound])
        var rest = url[schemeEnd.upperBound...]
        // Everything before the last @ may be credentials: the user stays, the rest goes.
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            let user = credentials.prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" }
            result += user + (user.count < credentials.count ? ":***" : "") + "@"
            rest = rest[rest.index(after: at)...]
        }
        var tail = String(rest)
        if let range = tail.range(of: "password=") {
            let end = tail[range.upperBound...].firstIndex(of: "&") ?? tail.endIndex
            tail.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return result + tail
    }

    static func unescape(_ text: Substring) -> String { String(text).removingPercentEncoding ?? String(text) }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/"))) ?? text
    }
}

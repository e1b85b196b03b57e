#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the files named on the command line.
enum FileInput {
    /// The bytes of `path`, or of standard input for `-`.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return try CommandIO.current.readInput() }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CommandError.unreadable(path, errno: errno) }
        defer { close(descriptor) }
        return try readAll(descriptor: descriptor, name: path)
    }

    static func readAll(descriptor: Int32, name: String) throws -> [UInt8] {
        var result: [UInt8] = []
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_size > 0 { result.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandError.unreadable(name, errno: errno)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// How to name `path` in messages.
    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }
}

/// A failure the command line reports as `tmkit: MESSAGE` with an exit code.
struct CommandError: Error {
    var message: String
    var exitCode: Int32 = 2

    static func unreadable(_ path: String, errno code: Int32) -> CommandError {
        let reason = String(cString: strerror(code))
        return CommandError(message: "\(FileInput.displayName(path)): cannot read: \(reason)")
    }
}

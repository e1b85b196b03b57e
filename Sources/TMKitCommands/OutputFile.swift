import TMKitCore

#if canImport(Glibc)
import Glibc
#endif

/// An output file that appears whole or not at all: bytes go to a temporary file beside it,
/// renamed over the target by ``commit()``; anything else (an error, a crash) leaves the
/// target as it was. `-` writes standard output directly.
final class OutputFile: ByteSink, @unchecked Sendable {
    let path: String
    private let temporaryPath: String?
    private let descriptor: Int32
    private var failure: Int32 = 0
    private var done = false

    init(_ path: String) throws {
        self.path = path
        if path == "-" {
            temporaryPath = nil
            descriptor = -1
            return
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory).\(name).tmkit-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CommandError(message: "\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o644)
        self.descriptor = descriptor
        self.temporaryPath = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }

    deinit {
        if !done { discard() }
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard temporaryPath != nil else {
            CommandIO.current.output.write(bytes)
            return
        }
        guard failure == 0, var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            pointer += written
            remaining -= written
        }
    }

    /// Puts the file in place. Throws (and leaves the target untouched) when a write failed.
    func commit() throws {
        guard let temporaryPath, !done else { return }
        done = true
        let closed = close(descriptor)
        if failure == 0, closed != 0 { failure = errno }
        if failure == 0, rename(temporaryPath, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporaryPath)
            throw CommandError(message: "\(path): cannot write: \(String(cString: strerror(failure)))")
        }
    }

    /// Removes the temporary file; the target stays as it was.
    func discard() {
        guard let temporaryPath, !done else { return }
        done = true
        close(descriptor)
        unlink(temporaryPath)
    }

    /// Runs `body` with the file and commits it when `body` succeeds; discards it otherwise.
    static func write(_ path: String, _ body: (OutputFile) throws -> Void) throws {
        let file = try OutputFile(path)
        do {
            try body(file)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }
}

/// Notes for the user on standard error (`tmkit: …`), one line each.
enum Report {
    static func note(_ message: String) {
        CommandIO.current.errorOutput.write("tmkit: \(message)\n")
    }
}

import CSupport
import TMKitCore

#if canImport(Glibc)
import Glibc
#endif

/// An output file (`-o PATH`) that appears whole or not at all.
///
/// - A new file, or an existing regular file: bytes go to a temporary file beside it, renamed
///   over the target by ``commit()``; anything else (an error, a crash) leaves the target as it
///   was. An existing file keeps its permissions (and, when tmkit may set it, its owner); a new
///   one gets the usual `0666` less the umask. A symlink is followed: its target is replaced and
///   the link stays.
/// - A FIFO, a character device or a socket (`/dev/null`, `/dev/stdout` on a terminal or pipe, a
///   named pipe): written in place, never replaced by a regular file.
/// - `-`: standard output.
///
/// Refused with exit 2: a directory, and any file the same command reads (see
/// ``CommandInputs``), however it is named. Every write is checked: a failed write, close or
/// rename is an error (`cannot write: No space left on device`), and a failed write to standard
/// output is reported when the command commits.
final class OutputFile: ByteSink, @unchecked Sendable {
    let path: String
    /// Where the bytes go until ``commit()``: a temporary file (renamed to `target`), or the target.
    private let temporaryPath: String?
    /// The file the temporary file replaces (the path with symlinks resolved).
    private let target: String
    private let descriptor: Int32
    private var failure: Int32 = 0
    private var done = false

    init(_ path: String) throws {
        self.path = path
        if path == "-" {
            temporaryPath = nil
            target = path
            descriptor = -1
            return
        }
        if let input = CommandInputs.current.input(sameAs: path) {
            let same = input == path ? "" : " (as \(input))"
            throw CommandError(message: "\(path): is also an input of this command\(same); write the output to another file")
        }
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw CommandError(message: "\(path): cannot write: Is a directory")
            case S_IFREG:
                break
            default:
                // A device, a FIFO, a socket: written in place, as a shell redirection would.
                let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard descriptor >= 0 else { throw Self.cannotWrite(path, errno) }
                self.descriptor = descriptor
                self.temporaryPath = nil
                self.target = path
                return
            }
        }
        // The file itself, not a symlink to it, is replaced.
        var resolved = path
        if let real = realpath(path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        target = resolved
        let slash = resolved.lastIndex(of: "/")
        let directory = slash.map { String(resolved[...$0]) } ?? ""
        let name = slash.map { String(resolved[resolved.index(after: $0)...]) } ?? resolved
        var template = Array("\(directory).\(name).tmkit-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Self.cannotWrite(path, errno) }
        var existing = stat()
        if stat(resolved, &existing) == 0 {
            _ = fchown(descriptor, existing.st_uid, existing.st_gid)  // allowed only to root; the mode matters more
            fchmod(descriptor, existing.st_mode & 0o7777)
        } else {
            let mask = umask(0o022)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
        }
        self.descriptor = descriptor
        self.temporaryPath = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        TemporaryFiles.add(temporaryPath!)
    }

    deinit {
        if !done { discard() }
    }

    static func cannotWrite(_ path: String, _ code: Int32) -> CommandError {
        let reason = String(cString: strerror(code))
        return CommandError(message: path == "-" ? "cannot write standard output: \(reason)" : "\(path): cannot write: \(reason)")
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard descriptor >= 0 else {
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
        guard !done else { return }
        done = true
        guard descriptor >= 0 else {
            if let failure = CommandIO.current.output.writeFailure { throw Self.cannotWrite("-", failure) }
            return
        }
        if failure == 0, temporaryPath != nil, fsync(descriptor) != 0, errno != EINVAL { failure = errno }
        let closed = close(descriptor)
        if failure == 0, closed != 0 { failure = errno }
        if let temporaryPath {
            if failure == 0, rename(temporaryPath, target) != 0 { failure = errno }
            if failure != 0 { unlink(temporaryPath) }
            TemporaryFiles.remove(temporaryPath)
        }
        if failure != 0 { throw Self.cannotWrite(path, failure) }
    }

    /// Removes the temporary file; the target stays as it was.
    func discard() {
        guard !done else { return }
        done = true
        guard descriptor >= 0 else { return }
        close(descriptor)
        if let temporaryPath {
            unlink(temporaryPath)
            TemporaryFiles.remove(temporaryPath)
        }
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

    /// A command's closing summary (units added, written, deleted; no findings): left out
    /// under `--quiet`. What the user must see (findings, losses, what was not done) is a note.
    static func summary(_ message: String) {
        guard !CommandIO.current.quiet else { return }
        note(message)
    }
}

/// Temporary output files to remove if the command is interrupted (Ctrl-C, `kill`, a closed
/// terminal or pipe), so that nothing half-written is left beside the target.
enum TemporaryFiles {
    static func add(_ path: String) {
        tmk_cleanup_install()
        _ = tmk_cleanup_add(path)
    }

    static func remove(_ path: String) {
        tmk_cleanup_remove(path)
    }
}

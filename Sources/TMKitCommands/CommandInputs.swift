import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The files a command reads (documents, memories, glossaries, rules), so that its output never
/// replaces one of them: `pretranslate doc.txt -o doc.txt` is refused instead of turning the
/// document into a TMX. Files are known by device and inode, so another spelling of the same
/// path, a hard link or a symlink to it is caught too.
///
/// Every input opened through ``FileInput`` or ``TMXInput`` is registered; inputs opened another
/// way (a memory, a glossary read by the library) call ``register(_:)`` themselves.
final class CommandInputs: Sendable {
    private let files = Mutex<[(device: UInt64, inode: UInt64, path: String)]>([])

    /// The inputs of the command running in this task (``TMKitCommand/run(arguments:io:)`` binds
    /// a new set for each run).
    @TaskLocal static var current = CommandInputs()

    /// Remembers `path` as an input of the running command (`-` and missing files are ignored).
    static func register(_ path: String) {
        guard path != "-", let identity = identity(of: path) else { return }
        current.files.withLock { $0.append((identity.device, identity.inode, path)) }
    }

    /// The input that `output` names, if any.
    func input(sameAs output: String) -> String? {
        guard output != "-", let identity = Self.identity(of: output) else { return nil }
        return files.withLock { files in
            files.first { $0.device == identity.device && $0.inode == identity.inode }?.path
        }
    }

    /// Device and inode of the file `path` names (symlinks followed), or `nil` when it does not exist.
    static func identity(of path: String) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}

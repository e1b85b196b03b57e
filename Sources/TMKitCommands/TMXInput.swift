import TMKitCore
import TMX

#if canImport(Glibc)
import Glibc
#endif

/// Opening TMX files named on the command line, and telling about what the reader passed over.
enum TMXInput {
    /// A reader for `path`, or for standard input when it is `-`.
    static func open(_ path: String, options: TMXReader.Options) throws -> TMXReader {
        let reader: TMXReader
        if path == "-" {
            let source = CommandIO.current.openInput()
            reader = TMXReader(name: "<stdin>", options: options) { try source.read(upTo: $0) }
        } else {
            reader = try TMXReader(path: path, options: options)
            CommandInputs.register(path)
        }
        return reader
    }

    /// Writes each issue of `reader` to standard error as `tmkit: FILE:LINE:COLUMN: message`.
    static func reportIssues(_ reader: TMXReader, file: String, kinds: Set<TMXIssue.Kind>? = nil) {
        let errors = CommandIO.current.errorOutput
        for issue in reader.issues where kinds?.contains(issue.kind) ?? true {
            errors.write("tmkit: \(FileInput.displayName(file)):\(issue)\n")
        }
        if reader.issuesNotKept > 0 {
            errors.write("tmkit: \(FileInput.displayName(file)): \(reader.issuesNotKept) more issues not listed\n")
        }
    }
}

/// Progress on standard error for long reads, only when it is a terminal.
enum TMXProgress {
    static func run<T>(_ reader: TMXReader, _ body: () throws -> T) rethrows -> T {
        let io = CommandIO.current
        guard io.errorIsTerminal else { return try body() }
        var last = 0.0
        reader.progress = { read, total in
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let seconds = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
            guard seconds - last >= 0.25 else { return }
            last = seconds
            let megabytes = Double(read) / 1_048_576
            if let total, total > 0 {
                io.errorOutput.write("\rreading \(Int(megabytes)) MB (\(read * 100 / total)%)")
            } else {
                io.errorOutput.write("\rreading \(Int(megabytes)) MB")
            }
        }
        defer { if last > 0 { io.errorOutput.write("\r\u{1B}[K") } }
        return try body()
    }
}

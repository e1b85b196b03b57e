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

/// Progress on standard error while a TMX file is read (``ProgressMeter``).
enum TMXProgress {
    static func run<T>(_ reader: TMXReader, _ body: () throws -> T) rethrows -> T {
        guard let meter = ProgressMeter(total: reader.totalBytes) else { return try body() }
        reader.progress = { read, total in
            meter.total = total
            meter.update(read: read, units: reader.unitsSeen)
        }
        defer {
            reader.progress = nil  // the closure holds the reader
            meter.finish()
        }
        return try body()
    }
}

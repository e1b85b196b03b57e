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

/// Progress on standard error for long reads (``CommandIO/showsProgress``): bytes read of the
/// total, the rate, the time left and, when the reader counts them, the units read so far.
enum TMXProgress {
    static func run<T>(_ reader: TMXReader, _ body: () throws -> T) rethrows -> T {
        let io = CommandIO.current
        guard io.showsProgress else { return try body() }
        let started = Self.now()
        var last = 0.0
        // A terminal gets one line rewritten four times a second; a log (--progress always)
        // a plain line every two seconds.
        let terminal = io.errorIsTerminal
        reader.progress = { read, total in
            let now = Self.now()
            guard now - last >= (terminal ? 0.25 : 2) else { return }
            last = now
            let text = line(read: read, total: total, units: reader.unitsSeen, seconds: now - started)
            io.errorOutput.write(terminal ? "\r" + text + "\u{1B}[K" : text + "\n")
        }
        defer {
            reader.progress = nil  // the closure holds the reader
            if terminal, last > 0 { io.errorOutput.write("\r\u{1B}[K") }
        }
        return try body()
    }

    /// `reading 120 of 237 MB (50%), 35.2 MB/s, 3 s left, 250,000 units (71,000/s)`.
    static func line(read: Int, total: Int?, units: Int, seconds: Double) -> String {
        let megabytes = Double(read) / 1_048_576
        let rate = seconds > 0 ? megabytes / seconds : 0
        var text = "reading \(Int(megabytes))"
        if let total, total > 0 {
            text += " of \(Int((Double(total) / 1_048_576).rounded(.up))) MB (\(read * 100 / total)%)"
        } else {
            text += " MB"
        }
        text += ", " + String(format1: rate) + " MB/s"
        if let total, total > read, rate > 0 {
            text += ", \(Int((Double(total - read) / 1_048_576 / rate).rounded(.up))) s left"
        }
        if units > 0 {
            text += ", \(grouped(units)) units"
            if seconds > 0 { text += " (\(grouped(Int(Double(units) / seconds)))/s)" }
        }
        return text
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    static func now() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

private extension String {
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

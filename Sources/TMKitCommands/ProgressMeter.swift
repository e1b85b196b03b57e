import Synchronization
import TMKitCore

#if canImport(Glibc)
import Glibc
#endif

/// Progress of long work on standard error, when ``CommandIO/showsProgress`` says so: bytes
/// read of the total, MB/s, time left, and units with their rate. A terminal gets one line
/// rewritten four times a second (cleared at the end); a log (`--progress always`) a plain line
/// every two seconds.
final class ProgressMeter {
    private let io: CommandIO
    private let terminal: Bool
    private let started: Double
    private var last = 0.0
    /// The input's size in bytes, when known.
    var total: Int?

    /// A meter for the current command, or nil when it shows no progress: never with
    /// `--progress never` or `--quiet`; under `auto` only on a terminal, and not when the
    /// command's `output` is standard output on a terminal too, whose text the line would break.
    init?(total: Int?, output: String? = nil, io: CommandIO = .current) {
        guard io.showsProgress else { return nil }
        if output == "-", io.outputIsTerminal, io.progress != .always { return nil }
        self.io = io
        self.total = total
        terminal = io.errorIsTerminal
        started = Self.now()
    }

    /// Reports `read` bytes and `units` done so far (at most every quarter second on a terminal,
    /// every two seconds to a log; the first report at once).
    func update(read: Int, units: Int) {
        let now = Self.now()
        guard now - last >= (terminal ? 0.25 : 2) else { return }
        last = now
        let text = Self.line(read: read, total: total, units: units, seconds: now - started)
        io.errorOutput.write(terminal ? "\r" + text + "\u{1B}[K" : text + "\n")
    }

    /// Says which step of the work is running (work without a byte count, such as aligning):
    /// on a terminal the line is rewritten, to a log it is a line of its own.
    func phase(_ text: String) {
        last = Self.now()
        io.errorOutput.write(terminal ? "\r" + text + "…\u{1B}[K" : text + "…\n")
    }

    /// Clears the terminal's progress line; call it before anything else is written to the
    /// terminal. Calling it again does nothing.
    func finish() {
        if terminal, last > 0 { io.errorOutput.write("\r\u{1B}[K") }
        last = 0
    }

    /// `reading 120 of 237 MB (50%), 35.2 MB/s, 3 s left, 250,000 units (71,000/s)`.
    static func line(read: Int, total: Int?, units: Int, seconds: Double) -> String {
        let megabytes = Double(read) / 1_048_576
        let rate = seconds > 0 ? megabytes / seconds : 0
        var text = "reading \(Int(megabytes))"
        if let total, total > 0 {
            text += " of \(Int((Double(total) / 1_048_576).rounded(.up))) MB (\(Swift.min(100, read * 100 / total))%)"
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

/// A byte source that tells a ``ProgressMeter`` how much has been read (extract and merge read
/// their input through one).
final class MeteredSource: ByteSource {
    private let source: any ByteSource
    private let meter: ProgressMeter
    private let units: () -> Int
    private var read = 0

    /// Reads `source`, reporting to `meter` after each chunk with the `units` done so far.
    init(_ source: any ByteSource, meter: ProgressMeter, units: @escaping () -> Int = { 0 }) {
        self.source = source
        self.meter = meter
        self.units = units
        if meter.total == nil { meter.total = FileInput.size(of: source) }
    }

    func read(upTo maximum: Int) throws -> [UInt8] {
        let chunk = try source.read(upTo: maximum)
        read += chunk.count
        meter.update(read: read, units: units())
        return chunk
    }
}

/// A count one thread raises while another reads it (units built while the meter runs on
/// the parsing thread).
final class UnitCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// The count now.
    var value: Int { count.load(ordering: .relaxed) }

    /// Raises the count by `amount`.
    func add(_ amount: Int) { count.add(amount, ordering: .relaxed) }
}

private extension String {
    /// `value` with one decimal (`35.2`).
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

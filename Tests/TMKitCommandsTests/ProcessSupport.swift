import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What one run of the built `tmkit` binary did: how it ended, what it printed, how much
/// memory it took at most and how long it ran. Crash cases run the binary, not the command
/// in-process, so that a crash fails the test instead of killing the test runner.
struct ProcessRun {
    var status: Int32?
    /// The signal that ended the process, if one did (SIGILL, SIGSEGV, SIGKILL for a timeout).
    var signal: Int32?
    var output: [UInt8]
    var errors: String
    /// Peak resident memory in MiB.
    var peakMiB: Int
    var seconds: Double
    var timedOut: Bool

    var outputText: String { String(decoding: output, as: UTF8.self) }
    /// Standard error's lines.
    var errorLines: [Substring] { errors.split(separator: "\n") }
}

enum Binary {
    /// The `tmkit` executable built beside the tests.
    static var path: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tmkit").path
    }

    /// Runs `tmkit` (or, with `shell`, `bash -c` with `$TMKIT` set to the binary) in `directory`,
    /// with standard input from `stdin` (a path; /dev/null by default), killing it after
    /// `timeout` seconds.
    static func run(_ arguments: [String], shell: Bool = false, stdin: String = "/dev/null",
                    directory: String? = nil, timeout: Double = 60) throws -> ProcessRun {
        try #require(FileManager.default.isExecutableFile(atPath: path), "tmkit is not built beside the tests")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("out").path, errPath = scratch.appendingPathComponent("err").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // The child starts with default signal actions (the test runner may ignore SIGPIPE).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Its own process group, so that a timeout ends time, tmkit and anything a shell started.
        posix_spawnattr_setpgroup(&attributes, 0)
        // No signal blocked either (a test runner's thread may block some; children inherit masks).
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))

        // The peak memory comes from GNU time (Debian's `time`): the kernel's rusage of a process
        // spawned from the test runner starts at the runner's own size, time's child does not.
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/time"),
                     "/usr/bin/time is needed to measure peak memory: apt-get install time")
        let peakPath = scratch.appendingPathComponent("peak").path
        var argv = ["/usr/bin/time", "-f", "%M", "-o", peakPath]
            + (shell ? ["/bin/bash", "-c", arguments.joined(separator: " ")] : [path] + arguments)
        if let directory {
            argv = ["/bin/bash", "-c", "cd \"$0\" && exec \"$@\"", directory] + argv
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TMKIT"] = path
        let envp = environment.map { "\($0.key)=\($0.value)" }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = envp.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = Date()
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        try #require(spawned == 0, "cannot start \(argv[0]): \(String(cString: strerror(spawned)))")

        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            if Date().timeIntervalSince(started) > timeout, !timedOut {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            usleep(5_000)
        }
        let seconds = Date().timeIntervalSince(started)
        var exited = (status & 0x7F) == 0
        var code = exited ? (status >> 8) & 0xFF : 0
        var signal = exited ? nil : status & 0x7F as Int32?
        // GNU time exits 128 + N when its child was ended by signal N.
        let timeReport = (try? String(contentsOfFile: peakPath, encoding: .utf8)) ?? ""
        if exited, timeReport.contains("Command terminated by signal") {
            exited = false
            signal = code - 128
            code = 0
        }
        let peakKiB = timeReport.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
        return ProcessRun(
            status: exited ? code : nil,
            signal: signal,
            output: Array((try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()),
            errors: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self),
            peakMiB: peakKiB / 1024, seconds: seconds, timedOut: timedOut)
    }
}

/// Checks that a run ended the way a bad input must: exit 2, no signal, one `tmkit:` line on
/// standard error containing `message`, within the time and memory the issue allows.
func expectRefusal(_ run: ProcessRun, _ message: String, maxSeconds: Double = 10, maxMiB: Int = 256,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(run.signal == nil, "ended by signal \(run.signal ?? 0): \(run.errors.prefix(300))", sourceLocation: sourceLocation)
    #expect(!run.timedOut, "timed out", sourceLocation: sourceLocation)
    #expect(run.status == 2, "exit \(run.status.map(String.init) ?? "-"): \(run.errors.prefix(300))", sourceLocation: sourceLocation)
    #expect(run.errorLines.count == 1, "\(run.errors.prefix(600))", sourceLocation: sourceLocation)
    #expect(run.errors.hasPrefix("tmkit: "), "\(run.errors.prefix(300))", sourceLocation: sourceLocation)
    #expect(run.errors.contains(message), "\(run.errors.prefix(300))", sourceLocation: sourceLocation)
    #expect(run.seconds < maxSeconds, "took \(run.seconds) s", sourceLocation: sourceLocation)
    #expect(run.peakMiB < maxMiB, "took \(run.peakMiB) MiB", sourceLocation: sourceLocation)
}

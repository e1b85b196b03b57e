import ArgumentParser
import TMKitCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `tmkit` command line. The executable calls ``main()``; tests call
/// ``run(arguments:io:)`` and read the exit code and the captured output.
public struct TMKitCommand: ParsableCommand {
    /// tmkit's version, as `tmkit --version` prints it.
    public static let version = TMKitVersion.current

    /// The command's name, help text (exit codes and examples), version and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "tmkit",
        abstract: "Translation memory and glossary toolkit for English ↔ Korean news translation.",
        discussion: """
            Exit codes: 0 success; 1 the command ran and found problems; 2 usage or input errors.

            Examples:
              tmkit segment Examples/article.en.txt
              tmkit segment --format jsonl Examples/article.en.txt
              tmkit segment --help
            """,
        version: version,
        subcommands: [SegmentCommand.self, SRXCommand.self, GlossaryCommand.self, TMXCommand.self, TMCommand.self, AlignCommand.self,
                      PretranslateCommand.self, ExtractCommand.self, MergeCommand.self, QACommand.self]
    )

    /// Creates the root command; ArgumentParser calls it when parsing.
    public init() {}

    /// Runs the command line of this process and exits with its code.
    public static func main() {
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()))
        Glibc.exit(code)
    }

    /// Runs `tmkit` with `arguments` (without the program name) against `io`, and returns
    /// the exit code: 0 success, 1 findings, 2 usage or input errors.
    public static func run(arguments: [String], io: CommandIO = .standard) -> Int32 {
        CommandIO.$current.withValue(io) { CommandInputs.$current.withValue(CommandInputs()) {
            do {
                var command = try parseAsRoot(arguments)
                if let reporting = command as? any ReportsProgress {
                    var bound = io
                    bound.progress = reporting.progressOptions.progress
                    bound.quiet = reporting.progressOptions.quiet
                    try CommandIO.$current.withValue(bound) { try command.run() }
                } else {
                    try command.run()
                }
                if let failure = io.output.writeFailure {
                    // Output lost on the way (a full disk, a closed pipe): not a success.
                    io.errorOutput.write("tmkit: cannot write standard output: \(String(cString: strerror(failure)))\n")
                    return 2
                }
                return 0
            } catch {
                return report(error, io: io)
            }
        } }
    }

    private static func report(_ error: any Error, io: CommandIO) -> Int32 {
        switch error {
        case _ where io.output.writeFailure != nil && !(error is CommandError):
            // The command stopped because its output could not be written.
            io.errorOutput.write("tmkit: cannot write standard output: \(String(cString: strerror(io.output.writeFailure!)))\n")
            return 2
        case let exit as ExitCode:
            return exit.rawValue
        case let failure as CommandError:
            io.errorOutput.write("tmkit: \(failure.message)\n")
            return failure.exitCode
        case let failure as any TMKitError:
            io.errorOutput.write("tmkit: \(failure.description)\n")
            return 2
        default:
            if exitCode(for: error) == .success {
                // --help, --version
                let text = fullMessage(for: error)
                io.output.write(text.hasSuffix("\n") ? text : text + "\n")
                return 0
            }
            // A usage error: one line, and where to read more.
            let message = self.message(for: error)
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " ")
            var hint = "tmkit --help"
            for line in fullMessage(for: error).split(whereSeparator: \.isNewline) {
                if let open = line.firstIndex(of: "'"), let close = line.lastIndex(of: "'"), open < close,
                   line.contains("See ") {
                    hint = String(line[line.index(after: open)..<close])
                }
            }
            io.errorOutput.write("tmkit: \(message.lowercasedFirst()) (see '\(hint)')\n")
            return 2
        }
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    func lowercasedFirst() -> String {
        guard let first else { return "" }
        let rest = dropFirst()
        // Keep acronyms and quoted names as they are: "Unknown option" → "unknown option".
        if let second = rest.first, second.isUppercase { return String(self) }
        return first.lowercased() + rest
    }
}

import Foundation
import Testing
import TMKitCommands
import TMKitCore

/// The examples of `TMKitCommands.docc`, run on the shipped article.
@Suite struct TMKitCommandsExamples {
    @Test func segmentingAFile() throws {
        let articlePath = Checkout.path("Examples/article.en.txt")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let output = CapturedOutput()
        let errors = CapturedOutput()
        let io = CommandIO(output: output, errorOutput: errors, input: [])
        let code = TMKitCommand.run(arguments: ["segment", "--format", "jsonl", articlePath], io: io)
        let lines = output.text.split(separator: "\n")
        let first = try JSONValue.parse(String(lines.first ?? ""))
        print(code, lines.count, first["text"]?.stringValue ?? "")

        #expect(code == 0)
        #expect(errors.text.isEmpty, "\(errors.text)")
        #expect(printed == ["0 18 ‘Battle against crime’ ahead of Party Foundation Day"])
        #expect(first["line"] == JSONValue(1) && first["column"] == JSONValue(1) && first["index"] == JSONValue(0))
    }

    @Test func standardInputAndExitCodes() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let piped = CapturedOutput()
        let sentence = Array("Mr. Kim left at 5 p.m. He was tired.\n".utf8)
        let status = TMKitCommand.run(arguments: ["segment", "-"],
                                      io: CommandIO(output: piped, errorOutput: CapturedOutput(), input: sentence))
        let refused = CapturedOutput()
        let usage = TMKitCommand.run(arguments: ["segment", "--lang", "english", "-"],
                                     io: CommandIO(output: CapturedOutput(), errorOutput: refused, input: sentence))
        print(status, usage, refused.text)

        #expect(status == 0)
        #expect(piped.text == "Mr. Kim left at 5 p.m.\nHe was tired.\n")
        #expect(usage == 2)
        #expect(refused.text.hasPrefix("tmkit: --lang"), "\(refused.text)")
        #expect(refused.text.contains("'english' is not a language code; use en"))
        #expect(refused.text.split(separator: "\n").count == 1)
        #expect(printed.first?.hasPrefix("0 2 tmkit: --lang") == true)
    }
}

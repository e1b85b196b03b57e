import ArgumentParser

/// `tmkit tmx`: TMX files.
struct TMXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmx",
        abstract: "Inspect and check TMX translation memories.",
        discussion: """
            Reads TMX 1.1–1.4b in UTF-8 or UTF-16, streaming, in bounded memory. External \
            DTDs and entities are never loaded.

            Examples:
              tmkit tmx stats TMX/sample.en-ko.tmx
              tmkit tmx stats --format json memory.tmx
              tmkit tmx validate memory.tmx
              tmkit tmx validate --require-target memory.tmx
            """,
        subcommands: [TMXStatsCommand.self, TMXValidateCommand.self, TMXConvertCommand.self, TMXMergeCommand.self,
                      TMXFilterCommand.self, TMXNormalizeCommand.self]
    )
}

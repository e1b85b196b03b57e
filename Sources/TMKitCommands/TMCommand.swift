import ArgumentParser

/// `tmkit tm`: the translation memory.
struct TMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tm",
        abstract: "Import into, look up in, and export a translation memory (one SQLite file, or a team memory on PostgreSQL).",
        discussion: """
            The memory is $XDG_DATA_HOME/tmkit/memory.sqlite (~/.local/share/tmkit/…) unless \
            --tm names another file; --tm FILE.tmx loads a TMX into a temporary memory; \
            --tm postgres://USER@HOST:PORT/DATABASE is a team memory on a PostgreSQL server \
            (the password from PGPASSWORD or ~/.pgpass; sslmode=require|verify-full in the URL), \
            the same matches as a file with the same units.

            Examples:
              tmkit tm import TMX/news.en-ko.tmx
              tmkit tm lookup "Pyongyang has called on all state agencies"
              tmkit tm lookup --tm TMX/news.en-ko.tmx --format json "The order was approved."
              tmkit tm concordance "border" --tm TMX/news.en-ko.tmx
              tmkit tm stats --format json
              tmkit tm export -o backup.tmx
              tmkit tm check --tm project.sqlite
            """,
        subcommands: [TMImportCommand.self, TMExportCommand.self, TMLookupCommand.self, TMConcordanceCommand.self,
                      TMStatsCommand.self, TMConflictsCommand.self, TMDeleteCommand.self, TMCheckCommand.self]
    )
}

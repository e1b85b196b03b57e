import ArgumentParser

/// `tmkit glossary`: term bases.
struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary",
        abstract: "Look up, annotate with, convert, validate and check against term bases.",
        discussion: """
            Glossaries are TBX (2008/MARTIF or v3), TSV as OmegaT writes it, or CSV with a \
            header naming the language columns. Without --glossary, the bundled Glossaries/ \
            folder is used (the current folder's, else the one beside the tmkit checkout, \
            else $TMKIT_GLOSSARIES).

            Examples:
              tmkit glossary lookup "Ministry of People's Security"
              tmkit glossary annotate Examples/article.en.txt
              tmkit glossary annotate --format jsonl Examples/article.ko.txt
              tmkit glossary convert Glossaries/north-korea-news.tbx -o north-korea-news.tsv
              tmkit glossary validate my-terms.tsv
              tmkit glossary check TMX/sample.en-ko.tmx --from en --to ko
            """,
        subcommands: [GlossaryLookupCommand.self, GlossaryAnnotateCommand.self, GlossaryConvertCommand.self,
                      GlossaryValidateCommand.self, GlossaryCheckCommand.self]
    )
}

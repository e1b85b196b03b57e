import ArgumentParser
import Segmentation
import TMKitCore

/// `tmkit srx`: SRX 2.0 segmentation rules.
struct SRXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srx",
        abstract: "Inspect SRX 2.0 segmentation rules (OmegaT, Trados, memoQ, Okapi).",
        discussion: """
            Segment with a CAT tool's rules: tmkit segment --srx FILE.

            Examples:
              tmkit srx check Tests/SegmentationTests/Fixtures/omegat_defaults.srx
              tmkit srx check --format json rules.srx
              tmkit segment --srx rules.srx Examples/article.en.txt
            """,
        subcommands: [SRXCheckCommand.self]
    )
}

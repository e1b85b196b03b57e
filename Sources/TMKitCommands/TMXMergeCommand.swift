import ArgumentParser
import TMKitCore
import TMX

extension DuplicatePolicy: ExpressibleByArgument {}

/// `tmkit tmx merge`: several memories into one, duplicates resolved.
struct TMXMergeCommand: ParsableCommand, ReportsProgress {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge TMX files into one, resolving duplicate units.",
        discussion: """
            Two units are duplicates when they have the same languages and the same text in \
            each (whitespace runs collapsed, ends trimmed). --keep decides which stays:
              newest  the one with the latest changedate or creationdate (default; ties: the first)
              first   the first met, in the order the files are given
              all     every unit; nothing is dropped
            The header is the first file's; srclang becomes *all* when the files disagree.
            --map-lang FROM=TO (repeatable) rewrites a language tag before duplicates are \
            sought, e.g. an OmegaT en-US/ko-KR memory merged with an en/ko one.

            Examples:
              tmkit tmx merge mine.tmx colleague.tmx -o merged.tmx
              tmkit tmx merge omegat.tmx house.tmx --map-lang en-US=en --map-lang ko-KR=ko -o merged.tmx
              tmkit tmx merge 2024/*.tmx 2025/*.tmx -o archive.tmx --keep first
            """
    )

    @OptionGroup var progressOptions: ProgressOptions

    @Argument(help: "The TMX files to merge, in order of precedence.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The merged TMX; '-' writes standard output.")
    var output: String

    @Option(help: "Which duplicate stays: newest, first or all.")
    var keep: DuplicatePolicy = .newest

    @OptionGroup var languageMap: LanguageMapOptions

    @Flag(help: "Go on past invalid units, reporting each on stderr.")
    var skipInvalid = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give the TMX files to merge") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be read only once") }
        if keep == .newest, inputs.contains("-") {
            throw ValidationError("--keep newest reads the files twice; save standard input to a file first")
        }
    }

    func run() throws {
        let options = TMXReader.Options(skipInvalid: skipInvalid)
        var merge = MemoryMerge(policy: keep)
        let map = try languageMap.map()
        if keep.needsSurvey {
            for (fileIndex, path) in inputs.enumerated() {
                let reader = try TMXInput.open(path, options: options)
                _ = try reader.readHeader()
                var unitIndex = 0
                while let unit = try reader.next() {
                    merge.survey(map.apply(to: unit), file: fileIndex, index: unitIndex)
                    unitIndex += 1
                }
            }
        }
        var headers: [TMXHeader] = []
        var readers: [TMXReader] = []
        for path in inputs {
            let reader = try TMXInput.open(path, options: options)
            headers.append(map.apply(to: try reader.readHeader()))
            readers.append(reader)
        }
        try OutputFile.write(output) { file in
            let writer = TMXWriter(sink: file, header: MemoryMerge.header(of: headers))
            for (fileIndex, reader) in readers.enumerated() {
                var unitIndex = 0
                while let read = try reader.next() {
                    let unit = map.apply(to: read)
                    if merge.keeps(unit, file: fileIndex, index: unitIndex) { writer.write(unit) }
                    unitIndex += 1
                }
                TMXInput.reportIssues(reader, file: inputs[fileIndex])
            }
            writer.finish()
        }
        let (written, dropped) = (merge.kept, merge.dropped)
        Report.summary("merged \(written) units from \(inputs.count) files; \(dropped) duplicates dropped (--keep \(keep.rawValue))")
    }
}

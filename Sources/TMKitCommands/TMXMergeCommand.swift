import ArgumentParser
import TMKitCore
import TMX

extension TMKitCommand.TMX {
    /// `tmkit tmx merge`: several memories into one, duplicates resolved.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge TMX files into one, resolving duplicate units.",
            discussion: """
                Two units are duplicates when they have the same languages and the same text in \
                each (whitespace runs collapsed, ends trimmed). --keep decides which stays:
                  newest  the one with the latest changedate or creationdate (default; ties: the first)
                  first   the first met, in the order the files are given
                  all     every unit; nothing is dropped
                The header is the first file's; srclang becomes *all* when the files disagree.

                Examples:
                  tmkit tmx merge mine.tmx colleague.tmx -o merged.tmx
                  tmkit tmx merge 2024/*.tmx 2025/*.tmx -o archive.tmx --keep first
                """
        )

        enum Policy: String, ExpressibleByArgument, CaseIterable { case newest, first, all }

        @Argument(help: "The TMX files to merge, in order of precedence.")
        var inputs: [String]

        @Option(name: .shortAndLong, help: "The merged TMX; '-' writes standard output.")
        var output: String

        @Option(help: "Which duplicate stays: newest, first or all.")
        var keep: Policy = .newest

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
            // --keep newest: a first pass finds, for each duplicate key, the unit to keep.
            var chosen: [Int: (date: String, file: Int, unit: Int)] = [:]
            if keep == .newest {
                for (fileIndex, path) in inputs.enumerated() {
                    let reader = try TMXInput.open(path, options: options)
                    _ = try reader.readHeader()
                    var unitIndex = 0
                    while let unit = try reader.next() {
                        let date = unit.latestDate ?? ""
                        let key = unit.duplicateKey
                        if let best = chosen[key], best.date >= date {
                            // keep the earlier one on ties
                        } else {
                            chosen[key] = (date, fileIndex, unitIndex)
                        }
                        unitIndex += 1
                    }
                }
            }
            var header: TMXHeader?
            var sourceLanguages = Set<String>()
            var readers: [TMXReader] = []
            for path in inputs {
                let reader = try TMXInput.open(path, options: options)
                let fileHeader = try reader.readHeader()
                if header == nil { header = fileHeader }
                sourceLanguages.insert(fileHeader.sourceLanguage.flatMap(LanguageTag.init)?.normalized ?? fileHeader.sourceLanguage ?? "*all*")
                readers.append(reader)
            }
            var merged = header ?? TMXHeader()
            if sourceLanguages.count > 1 { merged.sourceLanguage = "*all*" }
            var seen = Set<Int>()
            var written = 0, dropped = 0
            try OutputFile.write(output) { file in
                let writer = TMXWriter(sink: file, header: merged)
                for (fileIndex, reader) in readers.enumerated() {
                    var unitIndex = 0
                    while let unit = try reader.next() {
                        defer { unitIndex += 1 }
                        let keepIt: Bool
                        switch keep {
                        case .all: keepIt = true
                        case .first: keepIt = seen.insert(unit.duplicateKey).inserted
                        case .newest:
                            let best = chosen[unit.duplicateKey]
                            keepIt = best?.file == fileIndex && best?.unit == unitIndex
                        }
                        if keepIt {
                            writer.write(unit)
                            written += 1
                        } else {
                            dropped += 1
                        }
                    }
                    TMXInput.reportIssues(reader, file: inputs[fileIndex])
                }
                writer.finish()
            }
            Report.note("merged \(written) units from \(inputs.count) files; \(dropped) duplicates dropped (--keep \(keep.rawValue))")
        }
    }
}

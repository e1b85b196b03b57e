import ArgumentParser
import TMKitCore

/// Checks a language a user typed for an option (`--from`, `--to`, `--lang`, `--langs`,
/// `--srclang`): a BCP 47 tag whose language ISO 639 knows (``LanguageTag/init(validating:)``).
/// A usage error names the option and the code to use; a code often typed for another language
/// (`kr`, Kanuri, for Korean) is taken with a warning on standard error.
enum LanguageArgument {
    @discardableResult
    static func validate(_ value: String, option: String, warn: Bool = true) throws -> LanguageTag {
        let tag: LanguageTag
        do {
            tag = try LanguageTag(validating: value)
        } catch {
            throw ValidationError("\(option): \(error.message)")
        }
        if warn, let caution = tag.caution {
            CommandIO.current.errorOutput.write("tmkit: warning: \(option) \(caution)\n")
        }
        return tag
    }
}

import TMKitCore

/// How an abbreviation behaves before the next word, which decides whether its period ends
/// a sentence when ICU proposes a boundary after it.
public enum AbbreviationKind: String, Sendable, Hashable {
    /// Stands before a name (`Mr.`, `Dr.`, `Gen.`, `Mt.`, `St.`): the sentence goes on unless
    /// the next word is one that starts sentences. Applies only to the capitalized form.
    case title
    /// Stands before a number (`No. 5`, `p. 55`, `Jan. 10`, `Fig. 3`): never breaks before
    /// a digit; before a capitalized word the period also ends the sentence.
    case numeric
    /// Ends a name or a phrase (`Inc.`, `Co.`, `Jr.`, `etc.`, state names, units): before a
    /// capitalized word the period also ends the sentence.
    case general
    /// Stands between two phrases (`vs.`, `cf.`, `approx.`, `ca.`): the sentence goes on
    /// unless the next word is one that starts sentences.
    case infix
}

/// The language knowledge the segmenter applies to ICU's proposals: abbreviations, words
/// that start sentences, and which language-specific rules are on.
///
/// Rules are data, so a user can add an abbreviation without touching the algorithm:
/// `var rules = LanguageRules.english; rules.addAbbreviation("Dept", kind: .general)`.
public struct LanguageRules: Sendable {
    /// The ICU locale whose sentence break rules propose the boundaries.
    public var icuLocale: String
    /// Abbreviations (without their final period, any case) and how each behaves.
    public private(set) var abbreviations: [String: AbbreviationKind] = [:]
    /// Words that start sentences; a capitalized one after an abbreviation or an initial
    /// tells that the period ended the sentence (`I live in the U.S. How about you?`).
    public private(set) var sentenceStarters: Set<String> = []
    /// Prepositions and time words that open an introductory phrase (`At 5 a.m. Mr. Smith
    /// went …`): a time abbreviation ending such a phrase does not end a sentence.
    public private(set) var introductoryWords: Set<String> = []
    /// Verbs of speech (said, asked, …): a capitalized name or pronoun and one of them after
    /// a quotation that ends in `?` or `!` is the quotation's speech tag, not a new sentence.
    public private(set) var speechVerbs: Set<String> = []
    /// Korean rules: a hard-wrapped line that ends in a final verb ending ends a sentence.
    public var koreanRules: Bool
    /// Break where a full stop is followed by a capitalized word with no space (`world.Today`).
    public var breaksAtMissingSpace: Bool
    /// Rules for web text and e-mail: a sentence may start with a lower-case word after `.`,
    /// `?` or `!` that ends an ordinary word (`thanks. see you tomorrow`); a web address or a
    /// rule of dashes after a sentence stands apart; an e-mail's closing (`Best regards,`) and
    /// a header's date and time (`04/26/2001 07:17 AM`) end sentences of their own.
    public var webTextRules: Bool

    var abbreviationTable: [_WordKey: AbbreviationKind] = [:]
    var starterTable: Set<_WordKey> = []
    var introductoryTable: Set<_WordKey> = []
    var speechVerbTable: Set<_WordKey> = []

    /// Creates rules for ICU's `icuLocale` with the given word lists (words at most 16 bytes;
    /// abbreviations without their final period) and language-specific rules switched on or off.
    public init(
        icuLocale: String,
        abbreviations: [String: AbbreviationKind] = [:],
        sentenceStarters: Set<String> = [],
        introductoryWords: Set<String> = [],
        speechVerbs: Set<String> = [],
        koreanRules: Bool = false,
        breaksAtMissingSpace: Bool = true,
        webTextRules: Bool = false
    ) {
        self.webTextRules = webTextRules
        self.icuLocale = icuLocale
        self.koreanRules = koreanRules
        self.breaksAtMissingSpace = breaksAtMissingSpace
        for (word, kind) in abbreviations { addAbbreviation(word, kind: kind) }
        for word in sentenceStarters { addSentenceStarter(word) }
        for word in introductoryWords {
            if let key = _WordKey(word) {
                introductoryTable.insert(key)
                self.introductoryWords.insert(word.lowercased())
            }
        }
        for word in speechVerbs {
            if let key = _WordKey(word) {
                speechVerbTable.insert(key)
                self.speechVerbs.insert(word.lowercased())
            }
        }
    }

    /// Adds an abbreviation (written without its final period; at most 16 bytes).
    public mutating func addAbbreviation(_ word: String, kind: AbbreviationKind) {
        var word = word
        if word.hasSuffix(".") { word.removeLast() }
        guard let key = _WordKey(word) else { return }
        abbreviations[word.lowercased()] = kind
        abbreviationTable[key] = kind
    }

    /// Adds a word that starts sentences (at most 16 bytes).
    public mutating func addSentenceStarter(_ word: String) {
        guard let key = _WordKey(word) else { return }
        sentenceStarters.insert(word.lowercased())
        starterTable.insert(key)
    }

    /// The rules for `language`: English for `en`, Korean for `ko`, and ICU with the rules
    /// common to every language for the rest.
    public static func forLanguage(_ language: LanguageTag) -> LanguageRules {
        switch language.language {
        case "en": english
        case "ko": korean
        default: common(icuLocale: String(language.normalized.map { $0 == "-" ? "_" : $0 }))
        }
    }

    /// English: ICU's `en` rules plus English abbreviations, initials and sentence starters.
    public static let english = LanguageRules(
        icuLocale: "en",
        abbreviations: EnglishData.abbreviations,
        sentenceStarters: EnglishData.sentenceStarters,
        introductoryWords: EnglishData.introductoryWords,
        speechVerbs: EnglishData.speechVerbs,
        webTextRules: true
    )

    /// Korean: ICU's `ko` rules, Korean sentence endings and quotations, and the English
    /// abbreviation data for Latin abbreviations inside Korean text (`Dr. Kim`).
    public static let korean = LanguageRules(
        icuLocale: "ko",
        abbreviations: EnglishData.abbreviations,
        sentenceStarters: EnglishData.sentenceStarters,
        introductoryWords: EnglishData.introductoryWords,
        speechVerbs: EnglishData.speechVerbs,
        koreanRules: true
    )

    /// ICU's rules for `icuLocale` plus the rules common to every language (lists,
    /// ellipses, quotations, numbers, URLs), without abbreviation data.
    public static func common(icuLocale: String) -> LanguageRules {
        LanguageRules(icuLocale: icuLocale)
    }
}

enum EnglishData {
    static let abbreviations: [String: AbbreviationKind] = {
        var table: [String: AbbreviationKind] = [:]
        let titles = """
            mr mrs ms messrs mmes mme mlle dr drs prof profs gen lt col maj capt cmdr cdr adm sgt cpl pvt \
            brig lieut rev revd hon sen sens rep reps gov pres supt insp det amb atty fr mt st ste ft \
            msgr sra srta
            """
        let numeric = """
            no nos nr vol vols pp fig figs art arts sec secs ch chap para paras pt pts ref refs tel ext op \
            ed eq eqs ex n° nº rm apt rte hwy \
            jan feb mar apr jun jul aug sep sept oct nov dec \
            mon tue tues wed thu thur thurs fri sat sun
            """
        let general = """
            inc co corp ltd plc bros jr sr esq assn assoc dept univ govt est etc al ave blvd rd mfg intl natl \
            ibid misc max avg qty tbsp tsp lb lbs oz yd yds mi sq cu gal hr hrs min mins mo mos yr yrs wk wks pct \
            ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mont neb \
            nebr nev okla ore pa penn tenn tex va vt wash wis wyo
            """
        let infix = "vs cf viz approx ca esp incl excl resp"
        for (words, kind) in [(titles, AbbreviationKind.title), (numeric, .numeric), (general, .general), (infix, .infix)] {
            for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) { table[String(word)] = kind }
        }
        return table
    }()

    static let sentenceStarters: Set<String> = Set("""
        a an the this that these those there here it its he she we they you i his her our their my your \
        one some many most all both each every no none several such any another other others \
        what when where who whom whose why how which whatever however but and or so yet nor also still \
        then thus therefore meanwhile moreover furthermore instead although though because if unless \
        while whereas after before since until as in on at for from by with without during under over \
        despite according last next earlier later now today yesterday tomorrow tonight recently currently \
        is are was were do does did has have had can could will would should shall may might must not \
        never being let please yes nobody everyone someone
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    static let speechVerbs: Set<String> = Set("""
        said says asked asks cried cries replied replies answered answers shouted shouts exclaimed \
        whispered continued added explained concluded insisted repeated remarked muttered demanded \
        wondered observed told tells responded retorted called yelled screamed protested sighed laughed \
        murmured began declared noted stressed warned urged went
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    static let introductoryWords: Set<String> = Set("""
        at by on in until till before after from since around about near shortly early late for
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}

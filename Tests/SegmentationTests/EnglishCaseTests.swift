import Segmentation
import Testing
import TMKitCore

/// News-style English cases; `│` marks each expected boundary.
@Suite struct EnglishCaseTests {
    static let cases: [MarkedCase] = [
        // Plain ends
        "North Korea fired two missiles on Monday.│ South Korea’s military said it was on alert.",
        "Is the regime stable?│ Analysts are divided.",
        "Kim Jong Un attended the ceremony, state media reported.│ His sister was also present.",
        // Titles and ranks
        "Mr. Kim arrived in Seoul on Tuesday.│ He met Dr. Lee and Prof. Park.",
        "Gen. Pak Jong Chon inspected the unit.│ Lt. Col. Ri Song Chol accompanied him.",
        "The ship, registered in St. Kitts and Nevis, was seized.│ Its crew was detained.",
        // Multi-period forms and the sentence-starter look-ahead
        "The talks were held in Washington, D.C. on Friday.│ Officials called them productive.",
        "The U.S. Government imposed new sanctions.│ Pyongyang responded within hours.",
        "Exports fell sharply in the U.S.│ The ministry blamed sanctions.",
        "Pyongyang said the U.N. resolution was illegal.│ It vowed to respond.",
        "He later earned a Ph.D. in economics.│ He defected in 2015.",
        "The campaign targets smuggling (e.g. of mobile phones) and illegal calls.│ It runs until October.",
        "Troops were seen near Sinuiju, i.e. on the Chinese border.│ Residents were told to stay home.",
        // Times of day
        "The meeting ended at 5 p.m.│ Officials then left the building.",
        "At 10 a.m. Kim arrived at the plant.│ He toured the assembly line.",
        // Initials
        "K. J. Kim, a researcher at the institute, said the data were incomplete.│ Others disagreed.",
        "The report cites Prof. A. Lankov of Kookmin University.│ His work is widely read.",
        "He was born in Hamhung, S. Hamgyong Province.│ He fled in 2010.",
        // Numbers, dates, units
        "Prices rose 3.5% in March.│ Rice cost 5,000 won per kilogram.",
        "The exchange rate hit 8,000 won.│ Traders expected more volatility.",
        "The document was dated Jan. 5, 2016.│ It was signed by the minister.",
        "Officials met on Sept. 9, the founding anniversary.│ Fireworks followed.",
        "The vote was 98.6 percent in favour.│ Turnout was 99.9 percent.",
        "See p. 12 of the report for details.│ The annex lists all units.",
        "The ministry published Vol. 3 of the collection.│ It covers 1994 to 1998.",
        "The plant was rated No. 1 in the region.│ That surprised analysts.",
        "Approx. 300 people attended.│ Many were soldiers.",
        "The bill passed 150 vs. 120.│ It now goes to the president.",
        // Corporate and Latin forms
        "The delegation met Samsung Electronics Co. and Hyundai Motor Co.│ The talks lasted two days.",
        "Daily NK contacted Unification Media Group Inc. for comment.│ It declined.",
        "Exports of coal, iron ore, seafood, etc. were banned.│ The ban took effect in 2017.",
        "The defector, John Smith Jr., testified.│ He described the camps.",
        // Quotations and parentheses
        "“We will not tolerate this,” the spokesman said.│ “The response will be firm.”",
        "“Why are they doing this?” one resident asked.│ Nobody answered.",
        "“Stop!” shouted the guard.│ The woman ran.",
        "She said the situation was “tense but stable.”│ The source agreed.",
        "Seoul and Washington held talks (the first since 2019).│ No agreement was reached.",
        "The minister (who else?) approved it.│ Critics objected.",
        "“What of the border?” I asked.│ “Who gave the order?” Kim Jong Un asked them.│ “Why?”│ Nobody knew.",
        "“I must ask you to wait,” replied M. Morrel.│ He left.",
        "He said so in his _Memoirs._│ Few believed him.",
        // Addresses
        "Contact the desk at news@example.org.│ Tips are kept confidential.",
        "The full text is at https://www.example.org/report.html.│ A Korean version will follow.",
        // Lists
        "The list included: 1) rice, 2) corn, 3) fertilizer.",
        "1. Stop all smuggling.│ 2. Report suspicious calls.│ 3. Tighten border patrols.",
        "• Rice prices rose │• Corn prices fell │• Fuel was scarce",
        "The order has three parts:│\n1. seal the border│\n2. monitor calls│\n3. punish offenders",
        // Ellipses and a missing space
        "He waited...│ Then the phone rang.",
        "Nothing happened . . . for hours.│ Then the order came.",
        "Prices rose.│Officials blamed the sanctions.",
        // Hard wraps
        "The order was issued\nby the Central Party.│ It applies\nnationwide.",
        "Cadres see this as an\nopportunity to climb the ranks,” the source explained.",
        // Citations and footnotes stuck to the full stop
        "Polycarp was burned as a martyr.[1]│ The emperor did not relent.",
        "The treaty was signed in 1953.[4][5]│ It was never replaced.",
        "No one came down from on high.(John 3:13)│ Then he left.",
        "Please read the consultation.11 12│ Take the next step now.",
        // Times, companies, full-width stops, quotations
        "The show airs at 9 p.m. ET on Fridays.│ It repeats at 10 a.m. (ET) on Sundays.",
        "He worked for Smith & Co. Inc. for years.│ Then he retired.",
        "The meeting ended．│The delegates left．",
        "He said the product was “made in the U.S.”│ The company denied it.",
        // Inline lists in brackets
        "(a) Call the office │(b) write a letter │(c) visit in person.",
        "(1) Seal the border │(2) monitor calls",
        "(a) If the buyer fails to pay under (b) below, the seller may cancel.",
        "About 20 people (approx.20 Americans) were hurt.",
        "The show aired at 9 p.m. ET (10 p.m. in Chicago).",
    ]

    /// Web text and e-mail (forums, reviews, mail pasted as one paragraph): lower-case
    /// sentence starts, addresses and rules after a sentence, closings and header times.
    static let webCases: [MarkedCase] = [
        "the food is mediocre at best.│ the waitress took my name and then forgot it.",
        "are you kidding?│ why would you want a chihuahua?│ those dogs aren't even friendly.",
        "This place is awesome!│ it was worth the ride.",
        "She works at Yahoo! in the accounting department.",
        "Were Jane and co. at the party?",
        "I visited the U.S. for two weeks.",
        "We bought apples, pears, etc. and went home.",
        "Mix 1 tsp. of salt with the flour.",
        "Well worth a visit...│ http://example.com/food",
        "They may not fly in the next five years.│ --Posted by a reader",
        "“Why?” she asked.",
        "“Oh, yes! he was to come there with Wickham,” she said.",
        "Why did Louis XVI. of France pay for it?",
        "Please make copies and distribute them.│ Best regards,│ Debra Perlingiere",
        "Respectfully, I disagree with the court.",
        "Sincerely, Americans deserve better.",
        "Kay Mann │04/26/2001 07:17 AM│ Will you be providing an execution version?",
        "Forwarded by Kay Mann on 08/16/2000 03:14:14 PM│ Steve, please confirm the meeting.",
        "The quake struck at 04/26/2001 07:17 AM local time.",
        "The meeting is on 04/26/2001 07:17 AM.│ Please come.",
        "It was scheduled for 04/26/2001 10:00 AM EST and moved.",
        "Joan Woodson │08/10/2000 08:28 AM EST│ Congratulations!",
    ]

    @Test(arguments: webCases)
    func webText(_ testCase: MarkedCase) throws {
        #expect(try sentences(testCase.input, language: .english) == testCase.expected)
    }

    @Test(arguments: cases)
    func english(_ testCase: MarkedCase) throws {
        #expect(try sentences(testCase.input, language: .english) == testCase.expected)
    }

    @Test func atLeastFortyCases() {
        #expect(Self.cases.count >= 40)
    }
}

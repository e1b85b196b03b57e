import Foundation
import Testing
import TMKitCore
import XMLEvents

/// The examples of `XMLEvents.docc`, run on the shipped sample memory.
@Suite struct XMLEventsExamples {
    @Test func walkingADocumentsEvents() throws {
        let tmx = try Checkout.bytes("TMX/sample.en-ko.tmx")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let parser = XMLPushParser()!
        var units = 0
        var languages: Set<String> = []
        let failure = parser.parseAll(read: XMLPushParser.chunks(of: tmx)) { event in
            guard event.kind == XMLEvent.start else { return }
            let name = String(decoding: event.name, as: UTF8.self)
            if name == "tu" { units += 1 }
            if name == "tuv", let language = event.attributes()[named: "xml:lang"] { languages.insert(language) }
        }
        print(failure?.message ?? "well-formed", units, languages.sorted())

        #expect(failure?.message == nil)
        #expect(units == 18)
        #expect(languages == ["en", "ko"])
        #expect(printed == [#"well-formed 18 ["en", "ko"]"#])
    }

    @Test func refusingWhatIsNotSafeToRead() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let hostile = Array("<!DOCTYPE tmx [<!ENTITY boom \"boom\">]><tmx/>".utf8)
        let refused = XMLPushParser()!.parseAll(read: XMLPushParser.chunks(of: hostile)) { _ in }
        print(refused?.code ?? 0, refused?.message ?? "")

        #expect(refused?.code == 20001)
        #expect(refused?.message.contains("internal subset") == true)
        #expect(printed.first?.hasPrefix("20001 ") == true)
    }
}

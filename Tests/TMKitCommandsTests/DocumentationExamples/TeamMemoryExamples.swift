import Foundation
import Testing
@testable import TeamMemory
import TMX
import TranslationMemory

/// The server the team-memory examples run against: `TMKIT_TEST_POSTGRES`, as
/// `bash Scripts/postgres-cluster.sh start DIR` prints it and `.ci/run` sets it. Without it the
/// examples that need a server are skipped.
enum TeamMemoryExampleServer {
    static let url = ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipped = "no PostgreSQL server: start one with `bash Scripts/postgres-cluster.sh start DIR` and export what it prints"

    /// A database of its own on that server, dropped when the test is done (the server's default
    /// database is the README's, which other tests use at the same time).
    final class Database {
        let url: String
        private let name: String
        private let admin: PostgresSession

        init(_ server: String) throws {
            admin = try PostgresSession(address: try PostgresAddress(server))
            name = "tmkit_doc_\(UInt32.random(in: 0...UInt32.max))"
            try admin.query("CREATE DATABASE \(name) OWNER \(admin.address.user)")
            let slash = server.range(of: "/", options: .backwards, range: server.range(of: "://")!.upperBound..<server.endIndex)!
            let query = server[slash.upperBound...].firstIndex(of: "?").map { String(server[$0...]) } ?? ""
            url = String(server[..<slash.upperBound]) + name + query
        }

        deinit {
            _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            admin.close()
        }
    }
}

/// The examples of `TeamMemory.docc`. They import the shipped news memory into a database of
/// their own on the test server.
@Suite struct TeamMemoryExamples {
    @Test func readingAnAddress() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let address = try PostgresAddress("postgres://kim:secret@db.example:5432/desk?sslmode=require")
        print(address, address.tlsMode.rawValue)

        #expect(printed == ["postgres://kim@db.example:5432/desk require"])
        #expect(address.password == "secret")
        #expect(address.host == "db.example" && address.port == 5432 && address.database == "desk")
        #expect(address.tlsMode == .require)
    }

    @Test(.enabled(if: TeamMemoryExampleServer.url != nil, "\(TeamMemoryExampleServer.skipped)"))
    func importingLookingUpAndSearching() throws {
        let database = try TeamMemoryExampleServer.Database(try #require(TeamMemoryExampleServer.url))
        let url = database.url
        let memoryFile = Checkout.path("TMX/news.en-ko.tmx")
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

        let memory = try PostgresMemoryStore(url: url, access: .write)
        let summary = try memory.importUnits(from: TMXReader(path: memoryFile))
        let matches = try memory.lookup("Rice prices in Hyesan rose to 6,500 won per kilogram this week.",
                                        from: .english, to: .korean)
        for match in matches {
            print(match.score, match.kind.rawValue, match.target)
        }
        try memory.close()

        #expect(summary.added == 30)
        let best = try #require(matches.first)
        #expect(best.score == 99)
        #expect(best.target == "이번 주 혜산의 쌀값은 1kg당 6,500원으로 올랐다.")
        #expect(printed.first == "99 \(best.kind.rawValue) 이번 주 혜산의 쌀값은 1kg당 6,500원으로 올랐다.")

        let desk = try PostgresMemoryStore(url: url, access: .read)
        let hits = try desk.concordance("혜산", from: .english, to: .korean)
        for hit in hits {
            print(hit.text, "←", hit.translation ?? "")
        }
        try desk.close()

        #expect(hits.contains { $0.text == "이번 주 혜산의 쌀값은 1kg당 6,200원으로 올랐다."
                                && $0.translation == "Rice prices in Hyesan rose to 6,200 won per kilogram this week." })
        #expect(hits.allSatisfy { $0.text.contains("혜산") || ($0.translation ?? "").contains("혜산") })
        #expect(printed.count == matches.count + hits.count)
    }
}

import Foundation
import GRDB
import Synchronization
import Testing
import TMKitCore
import TMX
@testable import TranslationMemory
import TeamMemory

#if canImport(Glibc)
import Glibc
#endif

/// What a translator may feed `tmkit tm` that must not crash it, hang it or cost them data:
/// a full disk, a lock held by another process, a directory, absurd numbers, a damaged file,
/// files they may only read, and several imports creating the same memory at once. Anything
/// that used to crash runs the `tmkit` binary in a subprocess.
@Suite(.serialized) struct MemoryFailureTests {
    /// What one run of the binary produced.
    struct Run {
        var status: Int32
        var signalled: Bool
        var output: String
        var errors: String
        var seconds: Double
    }

    /// Runs `tmkit arguments` (through `launcher`, e.g. `setpriv …`, when given).
    static func run(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws -> Run {
        let binary = ReliabilityTests.binary.path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "tmkit not built beside the tests")
        let process = Process()
        if launcher.isEmpty {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = launcher + [binary] + arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        // Read both pipes while it runs (a full pipe would block it).
        let collected = Mutex<(Data, Data)>((Data(), Data()))
        let group = DispatchGroup()
        for (index, pipe) in [output, errors].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.withLock { if index == 0 { $0.0 = data } else { $0.1 = data } }
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        let (out, err) = collected.withLock { $0 }
        return Run(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                   output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self),
                   seconds: Date().timeIntervalSince(start))
    }

    static var news: String { root.appendingPathComponent("TMX/news.en-ko.tmx").path }

    /// The file's bytes and modification time, and which sidecars exist.
    struct Snapshot: Equatable {
        var bytes: Data
        var modified: timespec
        var sidecars: [String]

        init(_ path: String) throws {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            var info = stat()
            stat(path, &info)
            modified = info.st_mtim
            sidecars = ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: path + $0) }
        }

        static func == (a: Snapshot, b: Snapshot) -> Bool {
            a.bytes == b.bytes && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
                && a.sidecars == b.sidecars
        }
    }

    /// A memory holding the 30 units of the news TMX, closed (no WAL left).
    static func newsMemory(_ path: String) throws {
        let memory = try SQLiteMemoryStore(path: path)
        _ = try memory.importUnits(from: try TMXReader(path: news))
        try memory.close()
    }

    func units(_ path: String) throws -> Int {
        try SQLiteMemoryStore(path: path, access: .read).statistics().units
    }

    // MARK: 2. SQLite failing mid-import

    /// Mounts a small filesystem of `kilobytes` at `folder` (tmpfs); false when not allowed.
    static func mountTmpfs(_ folder: String, kilobytes: Int) -> Bool {
        guard geteuid() == 0, let run = try? Self.shell(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder]) else {
            return false
        }
        return run == 0
    }

    static func shell(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    enum FullDisk: String, CaseIterable { case tmpfs, fileSizeLimit }

    /// Disk full, two ways: on a tiny tmpfs (ENOSPC, SQLITE_FULL; when this process may mount
    /// one) and under RLIMIT_FSIZE with SIGXFSZ ignored (writes fail with EFBIG, SQLITE_IOERR).
    /// Either way: one line, exit 2, the committed batches kept, the memory still opening.
    @Test(arguments: FullDisk.allCases)
    func importOntoAFullDiskFailsCleanlyAndKeepsTheCommittedBatches(_ mechanism: FullDisk) throws {
        let scratch = try Scratch()
        let tmx = scratch.path("big.tmx")
        let batch = 500
        try ReliabilityTests.writeMemory(tmx, count: 20_000)
        let folder = scratch.path("disk")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // tmpfs needs mount rights; without them that case runs under the file size limit too.
        let mounted = mechanism == .tmpfs && Self.mountTmpfs(folder, kilobytes: 2048)
        defer { if mounted { _ = try? Self.shell(["umount", folder]) } }
        let path = folder + "/memory.sqlite"
        let arguments = ["tm", "import", tmx, "--tm", path, "--batch-size", String(batch)]
        let result: Run
        if mounted {
            result = try Self.run(arguments)
        } else {
            // 4 MB: a few batches fit, the whole memory (about 22 MB) does not.
            let command = "trap '' XFSZ; ulimit -f 4096; exec \"$0\" \"$@\""
            result = try Self.run(arguments, launcher: ["bash", "-c", command])
        }
        #expect(!result.signalled, "tmkit crashed: \(result.errors.prefix(300))")
        #expect(result.status == 2)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(result.errors.prefix(500))")
        #expect(result.errors.hasPrefix("tmkit: \(path): cannot import: "))
        // ENOSPC is SQLITE_FULL; EFBIG (the size limit) is SQLITE_IOERR.
        #expect(result.errors.contains(mounted ? "database or disk is full" : "disk I/O error"), "\(result.errors)")
        // What was committed is there, in whole batches, and the memory opens and checks sound.
        let memory = try SQLiteMemoryStore(path: path, access: .read)
        let kept = try memory.statistics().units
        #expect(kept > 0 && kept < 20_000)
        #expect(kept % batch == 0)
        #expect(try memory.check().isSound)
        #expect(result.errors.contains("the \(kept) units of the batches before are kept"))
    }

    /// Another process holds the write lock longer than the busy timeout (1 s here, 30 s by
    /// default): the import gives up with one line and exit 2, and the memory is unharmed.
    @Test func importGivesUpCleanlyWhenAnotherProcessHoldsTheWriteLock() throws {
        let scratch = try Scratch()
        let path = scratch.path("memory.sqlite")
        try Self.newsMemory(path)
        let tmx = scratch.path("more.tmx")
        try ReliabilityTests.writeMemory(tmx, count: 200)
        let holder = try DatabaseQueue(path: path)
        let result = try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE; INSERT INTO tmkit_meta(key, value) VALUES ('held', 'x')")
            defer { try? db.execute(sql: "ROLLBACK") }
            return try Self.run(["tm", "import", tmx, "--tm", path], environment: ["TMKIT_BUSY_TIMEOUT": "1"])
        }
        try holder.close()
        #expect(!result.signalled, "tmkit crashed: \(result.errors.prefix(300))")
        #expect(result.status == 2)
        #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        #expect(result.errors.hasPrefix("tmkit: \(path): cannot "))
        #expect(result.errors.contains("database is locked (another process held the memory's write lock for more than 1 s)"),
                "\(result.errors)")
        #expect(result.seconds < 15)
        #expect(try units(path) == 30)
        let again = try Self.run(["tm", "import", tmx, "--tm", path])
        #expect(again.status == 0)
        #expect(try units(path) == 230)
    }

    // MARK: 16. Readers and the write lock

    @Test func readCommandsNeitherWaitForNorTakeTheWriteLock() throws {
        let scratch = try Scratch()
        let path = scratch.path("memory.sqlite")
        try Self.newsMemory(path)
        let holder = try DatabaseQueue(path: path)
        let runs = try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE; INSERT INTO tmkit_meta(key, value) VALUES ('held', 'x')")
            defer { try? db.execute(sql: "ROLLBACK") }
            return [
                try Self.run(["tm", "stats", "--tm", path, "--format", "json"]),
                try Self.run(["tm", "lookup", "--tm", path, "Defectors say the number of public executions has risen."]),
                try Self.run(["tm", "concordance", "--tm", path, "장마당"]),
                try Self.run(["tm", "export", "--tm", path, "-o", scratch.path("out.tmx")]),
                try Self.run(["tm", "check", "--tm", path, "--quick"]),
            ]
        }
        try holder.close()
        for run in runs {
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.seconds < 10, "a reader waited \(run.seconds) s for the writer")
        }
        #expect(runs[0].output.contains("\"units\":30"))
        #expect(runs[1].output.hasPrefix("100 exact"))
    }

    // MARK: 4. A directory

    @Test func aDirectoryIsNotAMemoryInAnyCommand() throws {
        let scratch = try Scratch()
        let folder = scratch.path("memory.sqlite")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let document = scratch.path("doc.txt")
        try Data("The border was sealed.\n".utf8).write(to: URL(fileURLWithPath: document))
        let commands: [[String]] = [
            ["tm", "import", Self.news, "--tm", folder],
            ["tm", "export", "--tm", folder, "-o", scratch.path("out.tmx")],
            ["tm", "lookup", "--tm", folder, "The border was sealed."],
            ["tm", "concordance", "--tm", folder, "border"],
            ["tm", "stats", "--tm", folder],
            ["tm", "delete", "--tm", folder, "--tuid", "news-1"],
            ["tm", "check", "--tm", folder],
            ["pretranslate", document, "--tm", folder, "--from", "en", "--to", "ko", "-o", scratch.path("doc.tmx")],
        ]
        for command in commands {
            let result = try Self.run(command)
            #expect(!result.signalled, "\(command[1]): crashed")
            #expect(result.status == 2, "\(command[1])")
            #expect(result.errors == "tmkit: \(folder): not a tmkit memory (a directory)\n", "\(command[1]): \(result.errors)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    // MARK: 5. Numbers

    @Test func numericOptionsOutOfRangeAreUsageErrors() throws {
        let scratch = try Scratch()
        let path = scratch.path("memory.sqlite")
        try Self.newsMemory(path)
        let before = try Snapshot(path)
        let document = scratch.path("doc.txt")
        try Data("The border was sealed.\n".utf8).write(to: URL(fileURLWithPath: document))
        let cases: [([String], String)] = [
            (["tm", "concordance", "--tm", path, "--limit", "4611686018427387904", "border"], "--limit must be between 1 and 100000"),
            (["tm", "concordance", "--tm", path, "--limit", "0", "border"], "--limit must be between 1 and 100000"),
            (["tm", "import", Self.news, "--tm", path, "--batch-size", "100000000000"], "--batch-size must be between 1 and 1000000"),
            (["tm", "import", Self.news, "--tm", path, "--batch-size=-3"], "--batch-size must be between 1 and 1000000"),
            (["tm", "lookup", "--tm", path, "--limit", "4611686018427387904", "x"], "--limit must be between 1 and 1000"),
            (["tm", "lookup", "--tm", path, "--limit=-1", "x"], "--limit must be between 1 and 1000"),
            (["tm", "lookup", "--tm", path, "--min-score=-9223372036854775808", "x"], "--min-score must be between 0 and 101"),
            (["tm", "lookup", "--tm", path, "--min-score", "102", "x"], "--min-score must be between 0 and 101"),
            (["pretranslate", document, "--tm", path, "-o", scratch.path("o.tmx"), "--min-score=-1"],
             "--min-score must be between 0 and 101"),
            (["pretranslate", document, "--tm", path, "-o", scratch.path("o.tmx"), "--min-score", "9223372036854775807"],
             "--min-score must be between 0 and 101"),
        ]
        for (arguments, message) in cases {
            let result = try Self.run(arguments)
            #expect(!result.signalled, "\(arguments): crashed")
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errors.hasPrefix("tmkit: \(message)"), "\(arguments): \(result.errors)")
            #expect(result.errors.split(separator: "\n").count == 1)
        }
        // The edges themselves work.
        #expect(try Self.run(["tm", "concordance", "--tm", path, "--limit", "100000", "border"]).status == 0)
        #expect(try Self.run(["tm", "lookup", "--tm", path, "--limit", "1000", "--min-score", "0", "The border was sealed."]).status == 0)
        #expect(try Self.run(["tm", "lookup", "--tm", path, "--min-score", "101", "The border was sealed."]).status == 0)
        #expect(try Snapshot(path) == before)
    }

    // MARK: 9. Damage, and reading without writing

    /// Overwrites the page type of the root page of `index` with an invalid one.
    static func damageIndex(_ path: String, index: String = "segments_by_key") throws {
        let queue = try DatabaseQueue(path: path)
        let (root, pageSize) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [index]) ?? 0,
             try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        }
        try queue.close()
        try #require(root > 1)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data([0x00, 0xFF, 0xFF, 0xFF]))
        try handle.close()
    }

    @Test func aDamagedMemoryIsFoundByCheckAndRefusedForWriting() throws {
        let scratch = try Scratch()
        let healthy = scratch.path("healthy.sqlite"), damaged = scratch.path("damaged.sqlite")
        try Self.newsMemory(healthy)
        try Self.newsMemory(damaged)
        try Self.damageIndex(damaged)

        let sound = try Self.run(["tm", "check", "--tm", healthy])
        #expect(sound.status == 0)
        #expect(sound.output == "\(healthy): ok (integrity_check, schema \(SQLiteMemoryStore.schemaVersion))\n")
        let json = try Self.run(["tm", "check", "--tm", healthy, "--quick", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true)
        #expect(object["check"] as? String == "quick_check")
        #expect(object["schema_version"] as? Int == SQLiteMemoryStore.schemaVersion)

        let before = try Snapshot(damaged)
        for quick in [false, true] {
            let found = try Self.run(["tm", "check", "--tm", damaged] + (quick ? ["--quick"] : []))
            #expect(found.status == 1, "\(found.output)\(found.errors)")
            #expect(found.output.hasPrefix("\(damaged): damaged ("))
            #expect(found.output.contains("btreeInitPage"), "\(found.output)")
        }
        let foundJSON = try Self.run(["tm", "check", "--tm", damaged, "--format", "json"])
        #expect(foundJSON.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(foundJSON.output.utf8)) as? [String: Any])
        #expect(report["ok"] as? Bool == false)
        #expect(!((report["problems"] as? [String]) ?? []).isEmpty)

        // Writes refuse it; reads that meet the damage say so. Nothing is written.
        for arguments in [["tm", "import", Self.news, "--tm", damaged], ["tm", "delete", "--tm", damaged, "--tuid", "news-1"],
                          ["tm", "lookup", "--tm", damaged, "Defectors say the number of public executions has risen."]] {
            let result = try Self.run(arguments)
            #expect(!result.signalled)
            #expect(result.status == 2, "\(arguments[1]): \(result.errors)")
            #expect(result.errors.hasPrefix("tmkit: \(damaged): corrupted memory ("), "\(arguments[1]): \(result.errors)")
            #expect(result.errors.contains("restore a backup, or salvage what is left with `sqlite3 \(damaged) .recover"))
            #expect(result.errors.split(separator: "\n").count == 1)
        }
        #expect(try Snapshot(damaged) == before)

        // Not SQLite past its header: damaged too (1); not a memory at all: cannot open (2).
        let garbage = scratch.path("garbage.sqlite")
        try (Data("SQLite format 3\u{0}".utf8) + Data(repeating: 0xAB, count: 8192)).write(to: URL(fileURLWithPath: garbage))
        #expect(try Self.run(["tm", "check", "--tm", garbage]).status == 1)
        let notes = scratch.path("notes.sqlite")
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        let refused = try Self.run(["tm", "check", "--tm", notes])
        #expect(refused.status == 2)
        #expect(refused.errors == "tmkit: \(notes): not a tmkit memory (not an SQLite database)\n")
    }

    @Test func readCommandsLeaveTheFileExactlyAsItWas() throws {
        let scratch = try Scratch()
        let path = scratch.path("memory.sqlite")
        try Self.newsMemory(path)
        let before = try Snapshot(path)
        #expect(before.sidecars.isEmpty)
        for arguments in [["tm", "stats", "--tm", path], ["tm", "lookup", "--tm", path, "The border was sealed."],
                          ["tm", "concordance", "--tm", path, "장마당"], ["tm", "export", "--tm", path, "-o", scratch.path("o.tmx")],
                          ["tm", "check", "--tm", path],
                          ["pretranslate", root.appendingPathComponent("Examples/article.en.txt").path, "--tm", path,
                           "-o", scratch.path("a.tmx")]] {
            let result = try Self.run(arguments)
            #expect(result.status == 0, "\(arguments[1]): \(result.errors)")
            #expect(try Snapshot(path) == before, "\(arguments[1]) changed the memory or left sidecars")
        }
        // The library's read access neither.
        let memory = try SQLiteMemoryStore(path: path, access: .read)
        _ = try memory.lookup("The border was sealed.", from: .english, to: .korean)
        #expect(throws: MemoryError.self) { _ = try memory.delete(tuid: "news-1") }
        try memory.close()
        #expect(try Snapshot(path) == before)
    }

    /// A memory of an older tmkit is not upgraded by reading it: the reader says how;
    /// `tm check --upgrade` (or an import) does it.
    @Test func anOlderMemoryIsUpgradedOnlyOnRequest() throws {
        let scratch = try Scratch()
        let path = scratch.path("old.sqlite")
        try Self.newsMemory(path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: SchemaOne.downgrade)
        }
        try queue.close()
        let before = try Snapshot(path)
        let read = try Self.run(["tm", "concordance", "--tm", path, "장마당"])
        #expect(read.status == 2)
        #expect(read.errors.contains("written by an older tmkit (schema 1); upgrade it once with `tmkit tm check --upgrade --tm \(path)`"))
        #expect(try Snapshot(path) == before)
        let upgraded = try Self.run(["tm", "check", "--upgrade", "--tm", path])
        #expect(upgraded.status == 0, "\(upgraded.errors)")
        #expect(upgraded.output.contains("schema \(SQLiteMemoryStore.schemaVersion)"))
        #expect(try Self.run(["tm", "concordance", "--tm", path, "장마당"]).output.contains("장마당"))
    }

    // MARK: 10. Re-importing

    @Test func reimportingKeepsTheLargestUsageCountAndTheNewestDate() throws {
        let scratch = try Scratch()
        let memory = try SQLiteMemoryStore(path: scratch.path("memory.sqlite"))
        func unit(usage: Int, date: String) -> TranslationUnit {
            TranslationUnit(attributes: [Attribute("usagecount", String(usage)), Attribute("changedate", date)],
                            variants: [Variant(language: .english, text: "The border was sealed."),
                                       Variant(language: .korean, text: "국경이 봉쇄됐다.")])
        }
        func stored() throws -> (usage: Int, changed: String) {
            try memory.pool.read { db in
                let row = try #require(try Row.fetchOne(db, sql: "SELECT usage_count, changed FROM units"))
                return (row["usage_count"], row["changed"])
            }
        }
        _ = try memory.importUnits([unit(usage: 2, date: "20160101T000000Z")], sourceLanguage: .english)
        _ = try memory.importUnits([unit(usage: 2, date: "20160101T000000Z")], sourceLanguage: .english)
        #expect(try stored().usage == 2)
        #expect(try stored().changed == "20160101T000000Z")
        _ = try memory.importUnits([unit(usage: 5, date: "20150101T000000Z")], sourceLanguage: .english)
        #expect(try stored().usage == 5)
        #expect(try stored().changed == "20160101T000000Z")
        _ = try memory.importUnits([unit(usage: 3, date: "20170101T000000Z")], sourceLanguage: .english)
        #expect(try stored().usage == 5)
        #expect(try stored().changed == "20170101T000000Z")

        // The documented recovery: importing the same file again changes nothing.
        let tmx = scratch.path("counted.tmx")
        try Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
            <tu usagecount="2" changedate="20160101T000000Z"><tuv xml:lang="en"><seg>Rice prices rose.</seg></tuv><tuv xml:lang="ko"><seg>쌀값이 올랐다.</seg></tuv></tu>
            </body></tmx>
            """.utf8).write(to: URL(fileURLWithPath: tmx))
        let path = scratch.path("cli.sqlite")
        for _ in 0..<3 { #expect(try Self.run(["tm", "import", tmx, "--tm", path]).status == 0) }
        let imported = try SQLiteMemoryStore(path: path, access: .read)
        let usage = try imported.pool.read { db in try Int.fetchAll(db, sql: "SELECT usage_count FROM units") }
        #expect(usage == [2])
    }

    // MARK: 15. Creating a memory from several processes at once

    @Test func concurrentImportsCreateTheMemoryOnce() throws {
        let scratch = try Scratch()
        for round in 0..<4 {
            let path = scratch.path("new-\(round)/memory.sqlite")
            // Odd rounds: an empty file is there already (it becomes the memory, migrated once).
            if round % 2 == 1 {
                try FileManager.default.createDirectory(atPath: scratch.path("new-\(round)"), withIntermediateDirectories: true)
                #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            }
            let processes = try (0..<6).map { _ in
                let process = Process()
                process.executableURL = ReliabilityTests.binary
                process.arguments = ["tm", "import", Self.news, "--tm", path]
                let errors = Pipe()
                process.standardOutput = FileHandle.nullDevice
                process.standardError = errors
                try process.run()
                return (process, errors)
            }
            for (process, errors) in processes {
                let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "round \(round): \(message)")
            }
            #expect(try units(path) == 30)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path("new-\(round)"))
            // No half-made memory left beside it (the -wal/-shm may stay if the last two closed together).
            #expect(leftovers.contains("memory.sqlite"))
            #expect(leftovers.allSatisfy { $0.hasPrefix("memory.sqlite") }, "\(leftovers)")
        }
    }

    // MARK: 17. Memories the user may only read

    /// Runs as `nobody` when this process is root (as CI is), so that permissions apply.
    static var unprivileged: [String] {
        geteuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    }

    /// A scratch folder under /tmp that `nobody` can reach.
    static func reachableScratch() throws -> String {
        let folder = "/tmp/tmkit-perm-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        return folder
    }

    static func chmod(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func memoriesTheUserMayOnlyReadCanBeReadAndAreLeftAsTheyWere() throws {
        let base = try Self.reachableScratch()
        defer {
            _ = try? Self.shell(["chattr", "-i", base + "/writable-folder/immutable.sqlite"])
            _ = try? Self.shell(["chmod", "-R", "u+w", base])
            try? FileManager.default.removeItem(atPath: base)
        }
        let output = base + "/out"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try Self.chmod(output, 0o777)
        // A folder the reader cannot write, with a memory it cannot write either.
        let closed = base + "/read-only-folder"
        try FileManager.default.createDirectory(atPath: closed, withIntermediateDirectories: true)
        try Self.newsMemory(closed + "/memory.sqlite")
        try Self.chmod(closed + "/memory.sqlite", 0o444)
        try Self.chmod(closed, 0o555)
        // A folder anyone can write, with a memory of someone else's (0644) and a 0444 one.
        let open = base + "/writable-folder"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
        try Self.chmod(open, 0o777)
        try Self.newsMemory(open + "/others.sqlite")
        try Self.chmod(open + "/others.sqlite", 0o644)
        try Self.newsMemory(open + "/read-only.sqlite")
        try Self.chmod(open + "/read-only.sqlite", 0o444)
        var memories = [closed + "/memory.sqlite", open + "/others.sqlite", open + "/read-only.sqlite"]
        var launchers = [Self.unprivileged, Self.unprivileged, Self.unprivileged]
        // An immutable file (chattr +i), which even root cannot write, where the filesystem has it.
        try Self.newsMemory(open + "/immutable.sqlite")
        if geteuid() == 0, try Self.shell(["chattr", "+i", open + "/immutable.sqlite"]) == 0 {
            memories.append(open + "/immutable.sqlite")
            launchers.append([])
        }
        for (path, launcher) in zip(memories, launchers) {
            let before = try Snapshot(path)
            let runs = [
                try Self.run(["tm", "stats", "--tm", path, "--format", "json"], launcher: launcher),
                try Self.run(["tm", "lookup", "--tm", path, "Defectors say the number of public executions has risen."],
                             launcher: launcher),
                try Self.run(["tm", "concordance", "--tm", path, "장마당"], launcher: launcher),
                try Self.run(["tm", "export", "--tm", path, "-o", output + "/out.tmx"], launcher: launcher),
                try Self.run(["tm", "check", "--tm", path], launcher: launcher),
            ]
            for run in runs { #expect(run.status == 0, "\(path): \(run.errors)") }
            #expect(runs[0].output.contains("\"units\":30"), "\(path)")
            #expect(runs[1].output.hasPrefix("100 exact"), "\(path)")
            #expect(try Snapshot(path) == before, "\(path): changed, or sidecars left")
            // Writing is refused in one line, leaving nothing behind either.
            let write = try Self.run(["tm", "import", Self.news, "--tm", path], launcher: launcher)
            #expect(write.status == 2)
            #expect(write.errors.hasPrefix("tmkit: \(path): cannot write the memory: "), "\(write.errors)")
            #expect(try Snapshot(path) == before, "\(path): changed by a refused import")
        }
        // Someone else's memory while its owner has it open with committed frames in the WAL:
        // read through the owner's sidecars (SQLITE_OPEN_READONLY), the deletion seen.
        let busy = open + "/busy.sqlite"
        try Self.newsMemory(busy)
        let owner = try DatabaseQueue(path: busy)
        try owner.write { db in try db.execute(sql: "DELETE FROM units WHERE tuid = 'news-2'") }
        #expect(FileManager.default.fileExists(atPath: busy + "-wal"))
        let guest = try Self.run(["tm", "stats", "--tm", busy, "--format", "json"], launcher: Self.unprivileged)
        #expect(guest.status == 0, "\(guest.errors)")
        #expect(guest.output.contains("\"units\":29"), "\(guest.output)")
        try owner.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: open).filter { $0.hasPrefix("busy") } == ["busy.sqlite"])

        // The owner, after another user's reads, still writes the memory.
        try Self.chmod(open + "/others.sqlite", 0o644)
        #expect(try Self.run(["tm", "delete", "--tm", open + "/others.sqlite", "--tuid", "news-1"]).status == 0)
        #expect(try units(open + "/others.sqlite") == 29)
    }

    @Test func immutableReadsNameTheFileAsAnEscapedURI() {
        #expect(SQLiteMemoryStore.location("/tmp/a?b#c%d 메.sqlite", mode: .immutable)
                == "file:///tmp/a%3Fb%23c%25d %EB%A9%94.sqlite?immutable=1")
        #expect(SQLiteMemoryStore.location("/tmp/a?b.sqlite", mode: .readOnly) == "/tmp/a?b.sqlite")
        #expect(SQLiteMemoryStore.location("m.sqlite", mode: .immutable)
                == "file://" + FileManager.default.currentDirectoryPath + "/m.sqlite?immutable=1")
    }

    /// Files refused as not memories (or not this tmkit's) get no -wal/-shm and stay as they
    /// were, whichever command meets them.
    @Test func refusedFilesGetNoSidecars() throws {
        let scratch = try Scratch()
        let other = scratch.path("other.sqlite")
        let queue = try DatabaseQueue(path: other)
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('x')")
        }
        try queue.close()
        let newer = scratch.path("newer.sqlite")
        try Self.newsMemory(newer)
        let raise = try DatabaseQueue(path: newer)
        try raise.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try raise.close()
        for path in [other, newer] {
            let before = try Snapshot(path)
            #expect(before.sidecars.isEmpty)
            for arguments in [["tm", "stats", "--tm", path], ["tm", "import", Self.news, "--tm", path],
                              ["tm", "delete", "--tm", path, "--tuid", "x"], ["tm", "check", "--tm", path]] {
                let result = try Self.run(arguments)
                #expect(result.status == 2, "\(arguments[1]) \(path)")
                #expect(result.errors.contains(path == other ? "an SQLite database of something else" : "written by a newer tmkit"))
                #expect(try Snapshot(path) == before, "\(arguments[1]) changed \(path) or left sidecars")
            }
        }
    }
}

/// The memory contract's errors are typed: whoever holds `any MemoryStore` catches a
/// ``MemoryError`` (its message and where the memory is) without casting, from both backends.
@Suite struct TypedMemoryErrorTests {
    /// Runs `body` and returns the `MemoryError` it threw; the closure is declared to throw
    /// `MemoryError`, so this compiles only while the contract's methods throw nothing else.
    func failure<T>(_ body: () throws(MemoryError) -> T) -> MemoryError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    /// Every method of the contract on a memory opened read-only that holds one unit.
    func checkContract(_ memory: any MemoryStore) {
        let location = memory.location
        let deleting = failure { () throws(MemoryError) in try memory.delete(containing: "border", language: .english, tuid: nil) }
        #expect(deleting?.message.contains("read-only") == true)
        #expect(deleting?.file == location)
        let importing = failure { () throws(MemoryError) in try memory.importUnits([unit("a", "b")], sourceLanguage: .english) }
        #expect(importing?.message.contains("read-only") == true)
        #expect(failure { () throws(MemoryError) in try memory.resolvePair(from: LanguageTag("ja")!, to: nil) } != nil)
        #expect(failure { () throws(MemoryError) in try memory.lookup("The border was sealed.", from: .english, to: .korean,
                                                                      minimumScore: 70, limit: 5, previousWasExact: false,
                                                                      candidates: 100) } == nil)
        #expect(failure { () throws(MemoryError) in try memory.concordance("border", from: .english, to: .korean, limit: 5) } == nil)
        #expect(failure { () throws(MemoryError) in try memory.pairs() } == nil)
        #expect(failure { () throws(MemoryError) in try memory.statistics() } == nil)
        #expect(failure { () throws(MemoryError) in try memory.export(to: TMXWriter(sink: CapturedOutput(), header: .tmkit(sourceLanguage: "en")),
                                                                      language: nil) } == nil)
        #expect(failure { () throws(MemoryError) in try memory.unitsToDelete(containing: "border", language: .english, tuid: nil, limit: 5) } == nil)
        #expect(failure { () throws(MemoryError) in try memory.conflicts(from: .english, to: .korean, limit: 5) } == nil)
        #expect(failure { () throws(MemoryError) in try memory.unitReader() } == nil)
        #expect(failure { () throws(MemoryError) in try memory.close() } == nil)
        #expect(failure { () throws(MemoryError) in try memory.close() } == nil)  // again: nothing to do
        let closed = failure { () throws(MemoryError) in try memory.pairs() }
        #expect(closed?.message == "the memory was closed")
        #expect(closed?.file == location)
        #expect(failure { () throws(MemoryError) in try memory.lookup("The border was sealed.", from: .english, to: .korean,
                                                                      minimumScore: 70, limit: 5, previousWasExact: false,
                                                                      candidates: 100) }?.message == "the memory was closed")
    }

    @Test func theMemoryFileThrowsMemoryError() throws {
        let scratch = try Scratch()
        let path = scratch.path("typed.sqlite")
        let writer = try SQLiteMemoryStore(path: path, access: .write)
        _ = try writer.importUnits([unit("The border was sealed.", "국경이 봉쇄됐다.")], sourceLanguage: .english)
        try writer.close()
        #expect(failure { () throws(MemoryError) in try writer.check() }?.message == "the memory was closed")
        checkContract(try SQLiteMemoryStore(path: path, access: .read))
    }

    @Test(.enabled(if: TeamServer.url != nil, "\(TeamServer.skipped)"))
    func theTeamMemoryThrowsMemoryError() throws {
        let database = try TeamServer.Database()
        let writer = try PostgresMemoryStore(url: database.url, access: .write)
        _ = try writer.importUnits([unit("The border was sealed.", "국경이 봉쇄됐다.")], sourceLanguage: .english)
        try writer.close()
        checkContract(try PostgresMemoryStore(url: database.url, access: .read))
    }
}

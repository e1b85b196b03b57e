import Foundation
import Synchronization
import Testing
import TMKitCore

/// `releaseElsewhere` frees what it is given on another thread, never on the caller's, however
/// quickly the other thread runs (it has nothing else to do, so it usually runs first).
@Suite struct ReleaseElsewhereTests {
    /// For each tracked object freed, whether it was freed on the caller's thread.
    final class Log: Sendable {
        let freedOnCaller = Mutex<[Bool]>([])
    }

    final class Tracked: Sendable {
        let log: Log
        let caller: pthread_t
        let done: DispatchSemaphore

        init(log: Log, caller: pthread_t, done: DispatchSemaphore) {
            self.log = log
            self.caller = caller
            self.done = done
        }

        deinit {
            let here = pthread_equal(pthread_self(), caller) != 0
            log.freedOnCaller.withLock { $0.append(here) }
            done.signal()
        }
    }

    @Test func theValueIsFreedOnAnotherThread() {
        let log = Log()
        let done = DispatchSemaphore(value: 0)
        let rounds = 200
        for _ in 0..<rounds {
            // A structure like a document's units: the tracked object inside arrays and a tuple.
            // Handed over as a temporary, as callers consume theirs: a debug build keeps a named
            // local alive to the end of the iteration, and the caller's copy may then be the last.
            releaseElsewhere(([Tracked(log: log, caller: pthread_self(), done: done)], [1, 2, 3]))
        }
        for _ in 0..<rounds { done.wait() }
        let freed = log.freedOnCaller.withLock { $0 }
        #expect(freed.count == rounds)
        #expect(!freed.contains(true), "\(freed.filter { $0 }.count) of \(rounds) freed on the caller's thread")
    }
}

import Foundation
import Synchronization
import Testing
import TMKitCore

/// The second thread that reads and cuts documents while the caller writes (tmkit extract):
/// order kept, errors in their place, memory bounded, and a caller that gives up early never
/// left waiting.
@Suite struct BackgroundProducerTests {
    struct Failure: Error, Equatable { var after: Int }

    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    @Test func elementsArriveInOrderInBatches() throws {
        let producer = BackgroundProducer<Int>(batchSize: 7, capacity: 2) { emit in
            for value in 0..<1000 { try emit(value) }
        }
        var received: [Int] = []
        while let batch = try producer.next() {
            #expect(!batch.isEmpty && batch.count <= 7)
            received += batch
        }
        #expect(received == Array(0..<1000))
        #expect(try producer.next() == nil)  // the end stays the end
    }

    @Test func anErrorComesAfterEveryElementEmittedBeforeIt() throws {
        let producer = BackgroundProducer<Int>(batchSize: 4, capacity: 3) { emit in
            for value in 0..<10 { try emit(value) }
            throw Failure(after: 10)
        }
        var received: [Int] = []
        #expect(throws: Failure(after: 10)) {
            while let batch = try producer.next() { received += batch }
        }
        #expect(received == Array(0..<10))
        #expect(try producer.next() == nil)
    }

    /// A producer that never ends (a huge input) is held back by the queue, and stop() unwinds it.
    @Test func theQueueBoundsMemoryAndStopUnwindsTheProducer() throws {
        let emitted = Counter(), finished = Counter()
        let producer = BackgroundProducer<Int>(batchSize: 10, capacity: 2) { emit in
            defer { finished.value.store(1, ordering: .sequentiallyConsistent) }
            var value = 0
            while true {
                try emit(value)
                emitted.value.add(1, ordering: .sequentiallyConsistent)
                value += 1
            }
        }
        #expect(try producer.next()?.first == 0)
        Thread.sleep(forTimeInterval: 0.2)
        // One batch taken, two queued, one being filled: at most 40 emitted (plus the one waiting).
        #expect(emitted.value.load(ordering: .sequentiallyConsistent) <= 41)
        producer.stop()
        #expect(finished.value.load(ordering: .sequentiallyConsistent) == 1)
        producer.stop()  // again: nothing happens
    }

    /// start() runs the producer while the caller prepares (glossary annotate reads its
    /// glossary while the document is cut).
    @Test func startRunsTheProducerBeforeTheFirstBatchIsAsked() throws {
        let ran = Counter()
        let producer = BackgroundProducer<Int> { emit in
            ran.value.store(1, ordering: .sequentiallyConsistent)
            try emit(7)
        }
        producer.start()
        producer.start()  // again: nothing happens
        let deadline = Date().addingTimeInterval(10)
        while ran.value.load(ordering: .sequentiallyConsistent) == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(ran.value.load(ordering: .sequentiallyConsistent) == 1)
        #expect(try producer.next() == [7])
        #expect(try producer.next() == nil)
        producer.stop()
    }

    /// A producer that swallows the error emit throws after stop() (a segmenter that cannot be
    /// interrupted) and goes on emitting, or ends with a partial batch, while the queue is full:
    /// stop() still returns.
    @Test func stopReturnsWhenTheProducerIgnoresTheCancellation() {
        let producer = BackgroundProducer<Int>(batchSize: 4, capacity: 2) { emit in
            for value in 0..<1000 {
                do { try emit(value) } catch {}
            }
        }
        producer.start()
        Thread.sleep(forTimeInterval: 0.2)  // the queue is full, the producer waits for a slot
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            producer.stop()
            stopped.signal()
        }
        #expect(stopped.wait(timeout: .now() + 30) == .success)
    }

    @Test func stoppingBeforeTheFirstBatchNeverStartsTheProducer() {
        let ran = Counter()
        let producer = BackgroundProducer<Int> { _ in ran.value.store(1, ordering: .sequentiallyConsistent) }
        producer.stop()
        #expect(ran.value.load(ordering: .sequentiallyConsistent) == 0)
    }
}

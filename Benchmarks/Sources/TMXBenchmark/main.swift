// TMX throughput: one engine per process, so that /usr/bin/time -v reports its peak RSS.
//
//   TMXBenchmark read FILE [--runs N]    read every unit into TranslationUnit values
//   TMXBenchmark write FILE [--runs N]   read the units once, then time writing them to /dev/null
//
// Prints MB/s (input bytes for read, output bytes for write) as the median of the runs.
// Benchmarks/tmx_bench.sh runs this beside xmllint --stream and translate-toolkit.
import TMKitCore
import TMX

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

struct NullSink: ByteSink {
    let descriptor: Int32
    final class Counter: @unchecked Sendable { var bytes = 0 }
    let counter = Counter()
    func write(_ bytes: UnsafeRawBufferPointer) {
        counter.bytes += bytes.count
        _ = Glibc.write(descriptor, bytes.baseAddress, bytes.count)
    }
}

func run() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    var runs = 3
    if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count {
        runs = Int(arguments[index + 1]) ?? 3
        arguments.removeSubrange(index...(index + 1))
    }
    guard arguments.count == 2, ["read", "write"].contains(arguments[0]) else {
        print("usage: TMXBenchmark read|write FILE [--runs N]")
        exit(2)
    }
    let path = arguments[1]
    var info = stat()
    stat(path, &info)
    let size = Double(info.st_size)

    if arguments[0] == "read" {
        var times: [Double] = []
        var units = 0, variants = 0, characters = 0
        for _ in 0..<runs {
            let start = now()
            let reader = try TMXReader(path: path)
            _ = try reader.readHeader()
            units = 0; variants = 0; characters = 0
            while let unit = try reader.next() {
                units += 1
                variants += unit.variants.count
                if let first = unit.variants.first, case .text(let text)? = first.content.elements.first {
                    characters += text.utf8.count
                }
            }
            times.append(now() - start)
        }
        let seconds = median(times)
        print("tmkit read: \(units) units, \(variants) variants, \(String(format2: size / seconds / 1e6)) MB/s "
              + "(median of \(runs), \(String(format2: seconds)) s)")
    } else {
        let reader = try TMXReader(path: path)
        let header = try reader.readHeader()
        var units: [TranslationUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        var times: [Double] = []
        var written = 0
        let devnull = open("/dev/null", O_WRONLY)
        for _ in 0..<runs {
            let sink = NullSink(descriptor: devnull)
            let start = now()
            let writer = TMXWriter(sink: sink, header: header, options: .init(creationDate: "20261129T000000Z"))
            for unit in units { writer.write(unit) }
            writer.finish()
            times.append(now() - start)
            written = sink.counter.bytes
        }
        let seconds = median(times)
        print("tmkit write: \(units.count) units, \(written) bytes, \(String(format2: Double(written) / seconds / 1e6)) MB/s "
              + "(median of \(runs), \(String(format2: seconds)) s)")
    }
}

extension String {
    init(format2 value: Double) {
        let scaled = (value * 100).rounded()
        self = "\(Int(scaled) / 100).\(Int(scaled) % 100 < 10 ? "0" : "")\(Int(scaled) % 100)"
    }
}

try run()

// TMX throughput: one engine per process, so that /usr/bin/time -v reports its peak RSS.
//
//   TMXBenchmark read FILE [--runs N]    read every unit into TranslationUnit values
//   TMXBenchmark write FILE [--runs N]   read the units once, then time writing them to /dev/null
//
// Prints MB/s (input bytes for read, output bytes for write) as the median of the runs.
// Benchmarks/tmx_bench.sh runs this beside xmllint --stream and translate-toolkit.
import BenchmarkSupport
import TMKitCore
import TMX

#if canImport(Glibc)
import Glibc
#endif



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
    let runs = takeOption("--runs", from: &arguments).flatMap { Int($0) } ?? 3
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


try run()

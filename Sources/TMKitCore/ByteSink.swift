/// Where written bytes go: a file, standard output, or memory in tests.
public protocol ByteSink: Sendable {
    func write(_ bytes: UnsafeRawBufferPointer)
}

extension ByteSink {
    public func write(_ string: String) {
        var string = string
        string.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }
}

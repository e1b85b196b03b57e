import CLibXML2
import TMKitCore

/// libxml2's SAX2 push parser, seen from Swift as batches of events over borrowed bytes:
/// the shared XML layer of the TMX and TBX readers. No DTD is loaded, no entity expanded, no
/// network touched (see clibxml2.h).
public final class XMLPushParser {
    private let handle: OpaquePointer

    /// A fatal error (the document is not well-formed, or tmkit refused it): what and where.
    public struct Failure: Sendable {
        /// libxml2's error code, or tmkit's own: 20001 for a DOCTYPE internal subset, 20002 for
        /// elements nested deeper than 512.
        public var code: Int32
        /// The 1-based line where parsing stopped.
        public var line: Int
        /// The 1-based column on that line, as libxml2 counts it.
        public var column: Int
        /// libxml2's message on one line (at most 300 bytes), or `malformed XML` when it gives none.
        public var message: String
    }

    /// A parser for one document; `nil` only when memory runs out.
    public init?() {
        guard let handle = tmk_xml_parser_create() else { return nil }
        self.handle = handle
    }

    deinit {
        tmk_xml_parser_free(handle)
    }

    /// Parses a chunk; returns the first fatal error, if there is one by now.
    public func parse(_ bytes: UnsafeRawBufferPointer, terminate: Bool) -> Failure? {
        let code = tmk_xml_parse(
            handle, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count), terminate ? 1 : 0)
        guard code != 0 else { return nil }
        var line: Int32 = 0, column: Int32 = 0
        var message: UnsafePointer<CChar>?
        _ = tmk_xml_error(handle, &line, &column, &message)
        return Failure(
            code: code, line: Int(line), column: Int(column),
            message: message.map { String(cString: $0) } ?? "malformed XML")
    }

    /// The encoding libxml2 settled on, when it reports one.
    public var encoding: String? {
        tmk_xml_encoding(handle).map { String(cString: $0) }
    }

    /// The events recorded so far, detached: the parser records into a new batch.
    public func takeBatch() -> XMLBatch? {
        tmk_xml_take_batch(handle).map(XMLBatch.init)
    }

    /// The version of the libxml2 in use, as libxml2 writes it (`20914` for 2.9.14).
    public static var libxml2Version: String { String(cString: tmk_xml_version()) }

    /// Parses everything `read` returns (up to the given number of bytes a call, an empty array
    /// at the end), a chunk at a time, handing each chunk's events to `handle` as they come:
    /// memory stays within a chunk whatever the input's size, and input that is not XML (a
    /// binary file, `/dev/zero`) fails on its first chunk. Returns the first fatal error; errors
    /// `read` throws are thrown.
    public func parseAll(
        chunkSize: Int = 1 << 18, read: (Int) throws -> [UInt8], handle: (borrowing XMLEvent) -> Void
    ) rethrows -> Failure? {
        while true {
            let chunk = try read(Swift.max(1, chunkSize))
            let failure = chunk.withUnsafeBytes { parse($0, terminate: chunk.isEmpty) }
            takeBatch()?.forEachEvent { (event: borrowing XMLEvent) in handle(event) }
            if let failure { return failure }
            if chunk.isEmpty { return nil }
        }
    }

    /// Hands out `bytes` a chunk at a time, for ``parseAll(chunkSize:read:handle:)``.
    public static func chunks(of bytes: [UInt8]) -> (Int) -> [UInt8] {
        var offset = 0
        return { maximum in
            let end = Swift.min(bytes.count, offset + maximum)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    /// Runs a chunked reader (`read`, given ``chunks(of:)``) over `bytes` held in memory: an
    /// error of the reader's own type `Failure` passes as it is, any other becomes `wrap`'s.
    package static func read<Value, Failure: Error>(
        _ bytes: [UInt8], with read: ((Int) -> [UInt8]) throws -> Value, wrapping wrap: (any Error) -> Failure
    ) throws(Failure) -> Value {
        do {
            return try read(chunks(of: bytes))
        } catch let error as Failure {
            throw error
        } catch {
            throw wrap(error)
        }
    }
}

/// Events detached from the parser, readable on any thread; freed with the value.
public final class XMLBatch: @unchecked Sendable {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        tmk_xml_batch_free(handle)
    }

    /// Hands every event to `body`, in order.
    public func forEachEvent<E: Error>(_ body: (borrowing XMLEvent) throws(E) -> Void) throws(E) {
        let count = Int(tmk_xml_event_count(handle))
        guard count > 0, let events = tmk_xml_events(handle), let arena = tmk_xml_arena(handle) else { return }
        let attributes = tmk_xml_attributes(handle)
        for index in 0..<count {
            try body(XMLEvent(raw: events[index], arena: arena, attributes: attributes))
        }
    }
}

/// One SAX event; its bytes are valid only while its batch is.
public struct XMLEvent: ~Copyable {
    let raw: tmk_xml_event
    let arena: UnsafePointer<UInt8>
    let attributeTable: UnsafePointer<tmk_xml_attribute>?

    init(raw: tmk_xml_event, arena: UnsafePointer<UInt8>, attributes: UnsafePointer<tmk_xml_attribute>?) {
        self.raw = raw
        self.arena = arena
        self.attributeTable = attributes
    }

    /// What the event is: ``start``, ``end``, ``characters``, ``entity`` or ``problem``.
    public var kind: Int32 { raw.kind }
    /// The 1-based line where the parser stood when it reported the event.
    public var line: Int { Int(raw.line) }
    /// The 1-based column on that line.
    public var column: Int { Int(raw.column) }

    /// UTF-8 bytes of the qualified name (`prefix:local`) of a start, end or entity event; of the
    /// message for a problem event.
    public var name: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + Int(raw.name), count: Int(raw.name_length))
    }

    /// Character data of a text event.
    public var text: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + Int(raw.first), count: Int(raw.count))
    }

    /// How many attributes a start event has; 0 for every other kind.
    public var attributeCount: Int { raw.kind == Int32(TMK_XML_START) ? Int(raw.count) : 0 }

    /// UTF-8 bytes of the qualified name (`xml:lang`) of attribute `index` (0-based, below
    /// ``attributeCount``).
    public func attributeName(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let attribute = attributeTable![Int(raw.first) + index]
        return UnsafeBufferPointer(start: arena + Int(attribute.name), count: Int(attribute.name_length))
    }

    /// UTF-8 bytes of the value of attribute `index`, predefined entities and character references
    /// resolved.
    public func attributeValue(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let attribute = attributeTable![Int(raw.first) + index]
        return UnsafeBufferPointer(start: arena + Int(attribute.value), count: Int(attribute.value_length))
    }

    /// The value of the attribute whose qualified name is `name` (`xml:lang`), or nil; no
    /// string is made for the attributes it passes over.
    public func attribute(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { wanted in
            for index in 0..<attributeCount where attributeName(index).elementsEqual(wanted) {
                return String(decoding: attributeValue(index), as: UTF8.self)
            }
            return nil
        }
    }

    /// All attributes as values, in document order.
    public func attributes() -> [Attribute] {
        var result: [Attribute] = []
        result.reserveCapacity(attributeCount)
        for index in 0..<attributeCount {
            result.append(Attribute(String(decoding: attributeName(index), as: UTF8.self),
                                    String(decoding: attributeValue(index), as: UTF8.self)))
        }
        return result
    }

    /// ``kind`` of an element's start: ``name`` and its attributes.
    public static let start = Int32(TMK_XML_START)
    /// ``kind`` of an element's end: ``name``.
    public static let end = Int32(TMK_XML_END)
    /// ``kind`` of character data (CDATA included, adjacent runs merged): ``text``.
    public static let characters = Int32(TMK_XML_TEXT)
    /// ``kind`` of a reference to an entity that was not expanded: ``name``.
    public static let entity = Int32(TMK_XML_ENTITY)
    /// ``kind`` of a recoverable error (not a well-formedness one): ``name`` holds the message.
    public static let problem = Int32(TMK_XML_PROBLEM)
}


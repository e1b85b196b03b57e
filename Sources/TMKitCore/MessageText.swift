/// Input quoted in an error message: in single quotes, cut to `limit` characters with the length
/// said, so that a megabyte-long attribute never turns into a megabyte-long error line, and with
/// line breaks and other control characters escaped, so that the message stays one line.
///
/// `quotedForMessage("en_US")` is `'en_US'`; a 1,000,000-character value gives
/// `'xxxx…' (1000000 characters)`.
public func quotedForMessage(_ text: some StringProtocol, limit: Int = 60) -> String {
    var result = "'"
    var count = 0
    var total = 0
    for scalar in text.unicodeScalars {
        total += 1
        guard count < limit else { continue }
        count += 1
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}":
            result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return total > limit ? result + "…' (\(total) characters)" : result + "'"
}

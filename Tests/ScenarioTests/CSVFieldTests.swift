import BoneSimIO
import Testing

/// RFC 4180 quoting (issue 16, class 7): every text field that could break a row is quoted,
/// and a reader that follows the RFC gets the original fields back.
@Suite("CSV text fields are quoted by RFC 4180")
struct CSVFieldTests {
  /// Fields of one record by RFC 4180 §2 (quoted fields may hold commas, quotes doubled, and
  /// line breaks), written from the RFC, not from the writer under test.
  static func read(_ record: String) -> [String] {
    var fields: [String] = [], field = "", inQuotes = false, justClosed = false
    var chars = Array(record)
    if chars.last == "\n" { chars.removeLast() }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if inQuotes {
        if c == "\"" {
          if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false; justClosed = true }
        } else { field.append(c) }
      } else if c == "," {
        fields.append(field); field = ""; justClosed = false
      } else if c == "\"" && field.isEmpty && !justClosed {
        inQuotes = true
      } else { field.append(c) }
      i += 1
    }
    fields.append(field)
    return fields
  }

  @Test("fields that would break a row are quoted; plain ones are not", arguments: [
    ("K_act", "K_act"),
    ("K_act,TGFb", "\"K_act,TGFb\""),
    ("say \"hi\"", "\"say \"\"hi\"\"\""),
    ("hrt\n", "\"hrt\n\""),
    ("a\rb", "\"a\rb\""),
    ("a\u{2028}b", "\"a\u{2028}b\""),
    (" padded", "\" padded\""),
    ("", ""),
  ])
  func quoting(raw: String, written: String) {
    #expect(CSVFormat.field(raw) == written)
  }

  @Test("a line of hostile fields reads back as the same fields and stays one record")
  func roundTrip() {
    let fields = ["plain", "comma,inside", "quote\"inside", "line\nbreak", "crlf\r\n", "u2029\u{2029}", " lead", "trail ", ""]
    let line = CSVFormat.quotedLine(fields)
    #expect(line.hasSuffix("\n"))
    #expect(Self.read(line) == fields)
  }
}

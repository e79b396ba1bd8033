/// Locale-free CSV number formatting.
public enum CSVFormat {
  /// Shortest decimal that parses back to exactly `x` (Swift's `description`, e.g.
  /// `0.0007734`, `1e-05`); independent of locale. Non-finite values print as `nan`,
  /// `inf`, `-inf`.
  @inlinable
  public static func number(_ x: Double) -> String {
    x.description
  }

  /// One CSV line (no quoting: callers pass plain numbers and identifiers).
  @inlinable
  public static func line(_ fields: [String]) -> String {
    fields.joined(separator: ",") + "\n"
  }

  /// A text field quoted by RFC 4180: in double quotes, with inner quotes doubled, when it
  /// holds a comma, a quote, a line break (`\n`, `\r`, U+2028, U+2029) or starts or ends
  /// with a space; as is otherwise.
  public static func field(_ s: String) -> String {
    let needsQuotes =
      s.unicodeScalars.contains { ",\"\n\r\u{2028}\u{2029}".unicodeScalars.contains($0) }
      || s.first == " " || s.last == " "
    return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  /// One CSV line of text fields, each quoted by RFC 4180 where it needs to be.
  public static func quotedLine(_ fields: [String]) -> String {
    line(fields.map(field))
  }
}

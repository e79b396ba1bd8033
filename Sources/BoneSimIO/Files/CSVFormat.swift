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
}

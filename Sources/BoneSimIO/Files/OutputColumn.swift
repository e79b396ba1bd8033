/// One column of an output CSV as `manifest.json` lists it (`columns`), so that a loader can
/// check names, types and units before it reads a single row (docs/OUTPUTS.md).
public struct OutputColumn: Codable, Sendable, Equatable {
  /// How the column's values are written: `string` (an identifier), `integer` or `float`
  /// (the shortest decimal that reads back exactly; `nan` when missing).
  public enum ValueType: String, Codable, Sendable {
    case string, integer, float
  }

  /// Header name, exactly as in the CSV.
  public var name: String
  public var type: ValueType
  /// Unit of every value in the column; `nil` for identifiers and labels. When the unit
  /// varies from row to row it starts with `row:` and says where to find it
  /// (`summary.csv`'s `mean` … `p95`: `row: unit column`).
  public var unit: String?
  /// What the column holds, in one line.
  public var description: String

  public init(_ name: String, _ type: ValueType, unit: String?, _ description: String) {
    self.name = name
    self.type = type
    self.unit = unit
    self.description = description
  }

  enum CodingKeys: String, CodingKey { case name, type, unit, description }

  /// Writes `unit` as JSON `null` when there is none (a loader sees every key).
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(type, forKey: .type)
    try c.encode(unit, forKey: .unit)
    try c.encode(description, forKey: .description)
  }
}

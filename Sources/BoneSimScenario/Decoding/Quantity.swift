import Foundation

/// A number with a unit as written in a scenario, e.g. `50 ug/day`, `3.5 days`, `10 mg`.
public struct Quantity: Sendable, Hashable, Codable, CustomStringConvertible {
  public var value: Double
  public var unit: String

  public init(_ value: Double, _ unit: String) {
    self.value = value
    self.unit = unit
  }

  /// Parses `"<number> <unit>"`; nil if there is no number or no unit.
  public init?(parsing text: String) {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard let space = t.firstIndex(of: " ") else { return nil }
    guard let v = Double(t[..<space]), v.isFinite else { return nil }
    let u = t[space...].trimmingCharacters(in: .whitespaces)
    guard !u.isEmpty else { return nil }
    self.init(v, u)
  }

  /// The value in `unit`, or nil if the units do not convert.
  public func value(in unit: String) -> Double? {
    UnitConversion.factor(from: self.unit, to: unit).map { value * $0 }
  }

  public var description: String { "\(value) \(unit)" }
}

/// The values a parameter can physically take: a rate, a concentration or a time is positive,
/// a gain is not negative, a share lies between 0 and 1. Overrides outside the range are
/// refused before a run (a negative OPG production or clearance gives negative concentrations,
/// not an answer).
public struct ParameterRange: Sendable, Hashable, CustomStringConvertible {
  /// Lower end; `nil` when unbounded below.
  public let lower: Double?
  /// Whether `lower` itself is allowed.
  public let includesLower: Bool
  /// Upper end; `nil` when unbounded above.
  public let upper: Double?

  public init(lower: Double?, includesLower: Bool, upper: Double?) {
    self.lower = lower
    self.includesLower = includesLower
    self.upper = upper
  }

  /// Greater than 0: times, rates of decay and clearance, concentrations, volumes, densities, exponents.
  public static let positive = ParameterRange(lower: 0, includesLower: false, upper: nil)
  /// 0 or more: gains and production rates, where 0 switches an effect off.
  public static let nonNegative = ParameterRange(lower: 0, includesLower: true, upper: nil)
  /// 0 to 1: shares, fractions, bioavailabilities, maximal inhibitions.
  public static let fraction = ParameterRange(lower: 0, includesLower: true, upper: 1)
  /// Any finite value (a time relative to an event).
  public static let unbounded = ParameterRange(lower: nil, includesLower: false, upper: nil)
  /// Greater than `value`.
  public static func above(_ value: Double) -> ParameterRange { ParameterRange(lower: value, includesLower: false, upper: nil) }

  /// The range a parameter has unless its row says otherwise: positive for a quantity with a
  /// unit, not negative for a dimensionless gain (`-` or `1`).
  public static func standard(forUnit unit: String) -> ParameterRange {
    unit == "-" || unit == "1" ? .nonNegative : .positive
  }

  public func contains(_ value: Double) -> Bool {
    guard value.isFinite else { return false }
    if let lower, includesLower ? value < lower : value <= lower { return false }
    if let upper, value > upper { return false }
    return true
  }

  /// "> 0", "≥ 0", "0 to 1", "any finite value".
  public var description: String {
    switch (lower, upper) {
    case (let l?, let u?): return "\(Self.number(l)) to \(Self.number(u))"
    case (let l?, nil): return "\(includesLower ? "≥" : ">") \(Self.number(l))"
    case (nil, let u?): return "≤ \(Self.number(u))"
    case (nil, nil): return "any finite value"
    }
  }

  static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
}

import BoneSimPhysiology
/// The small table of units a scenario may use, and conversion between compatible ones.
///
/// A unit is written `numerator/denominator/...` (e.g. `ug/day`, `kcal/kg FFM/day`,
/// `sessions/week`); each part is looked up here and converted part by part, so `mcg/day`
/// converts to `ug/day` and `mg/week` to `mg/day`, while `mg` never converts to `mg/day`.
public enum UnitConversion {
  /// A unit part: its dimension and its size in the dimension's base unit.
  struct Part: Equatable {
    let dimension: String
    let factor: Double
  }

  /// Days per year used for every year ↔ day conversion (Julian year).
  public static let daysPerYear = 365.25
  static let kilojoulesPerKilocalorie = 4.184

  static let parts: [String: Part] = [
    // mass [g]
    "ng": Part(dimension: "mass", factor: 1e-9), "ug": Part(dimension: "mass", factor: 1e-6),
    "µg": Part(dimension: "mass", factor: 1e-6), "mcg": Part(dimension: "mass", factor: 1e-6),
    "mg": Part(dimension: "mass", factor: 1e-3), "g": Part(dimension: "mass", factor: 1),
    "kg": Part(dimension: "mass", factor: 1e3),
    // fat-free mass is its own dimension, so kcal/kg FFM/day never converts to kcal/kg/day
    "kg ffm": Part(dimension: "ffm", factor: 1),
    // time [day]
    "h": Part(dimension: "time", factor: 1.0 / 24), "hour": Part(dimension: "time", factor: 1.0 / 24),
    "hours": Part(dimension: "time", factor: 1.0 / 24),
    "d": Part(dimension: "time", factor: 1), "day": Part(dimension: "time", factor: 1),
    "days": Part(dimension: "time", factor: 1),
    "wk": Part(dimension: "time", factor: 7), "week": Part(dimension: "time", factor: 7),
    "weeks": Part(dimension: "time", factor: 7),
    "y": Part(dimension: "time", factor: daysPerYear), "year": Part(dimension: "time", factor: daysPerYear),
    "years": Part(dimension: "time", factor: daysPerYear),
    // energy [kcal]
    "kcal": Part(dimension: "energy", factor: 1), "kj": Part(dimension: "energy", factor: 1 / kilojoulesPerKilocalorie),
    // counts
    "session": Part(dimension: "sessions", factor: 1), "sessions": Part(dimension: "sessions", factor: 1),
    "iu": Part(dimension: "IU", factor: 1),
    "1": Part(dimension: "1", factor: 1), "%": Part(dimension: "1", factor: 0.01),
    // densitometry
    "g/cm2": Part(dimension: "areal-density", factor: 1),
  ]

  static func split(_ unit: String) -> [Part]? {
    let u = unit.trimmingCharacters(in: .whitespaces).lowercased()
    if let whole = parts[u] { return [whole] }
    var out: [Part] = []
    for token in u.split(separator: "/", omittingEmptySubsequences: false) {
      let t = token.trimmingCharacters(in: .whitespaces)
      guard let p = parts[t] else { return nil }
      out.append(p)
    }
    return out
  }

  /// The first part of `unit` that is not in the table, or nil.
  static func unknownPart(of unit: String) -> String? {
    let u = unit.trimmingCharacters(in: .whitespaces).lowercased()
    if parts[u] != nil { return nil }
    return u.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      .first { parts[$0] == nil }
  }

  /// Why `unit` does not convert to `target`, for messages: an unknown unit (with the units of
  /// the kind `target` needs), or units of different kinds.
  public static func mismatch(_ unit: String, to target: String) -> String {
    guard let bad = unknownPart(of: unit) else { return "unit '\(unit)' does not convert to \(target)" }
    let dimensions = Set((split(target) ?? []).map(\.dimension))
    let sameKind = parts.filter { dimensions.contains($0.value.dimension) }.keys.sorted()
    let suggestion = nearestSpelling(of: bad, in: sameKind.isEmpty ? Array(parts.keys) : sameKind)
    return "unknown unit '\(bad)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
      + (sameKind.isEmpty ? "" : "; known units of this kind: \(sameKind.joined(separator: ", "))")
  }

  /// Whether the unit is in the table at all.
  public static func isKnown(_ unit: String) -> Bool { split(unit) != nil }

  /// Multiplier taking a value in `from` to `to`, or nil if they are not the same kind of unit.
  public static func factor(from: String, to: String) -> Double? {
    if from == to { return 1 }
    guard let a = split(from), let b = split(to), a.count == b.count else { return nil }
    var f = 1.0
    for (i, (pa, pb)) in zip(a, b).enumerated() {
      guard pa.dimension == pb.dimension else { return nil }
      let r = pa.factor / pb.factor
      f *= i == 0 ? r : 1 / r
    }
    return f
  }
}

import Foundation

/// Where a parameter value comes from (tags of docs/MODEL.md).
public enum Provenance: String, Sendable, Hashable {
  /// As published (paper or curated machine-readable copy). [P]
  case published = "P"
  /// As coded in a public implementation; may differ from the paper. [C]
  case asCoded = "C"
  /// Derived from other parameters or computed by re-implementing the equations. [R]
  case derived = "R"
  /// Fitted to calibration targets by a script in this repository.
  case calibrated = "calibrated"
  /// A modelling assumption. [A]
  case assumed = "A"
}

/// One row of a model's parameter table.
public struct Parameter: Sendable, Hashable {
  /// Name used in code, scenario overrides and docs, e.g. `OBa.apoptosisRate`.
  public let name: String
  public let value: Double
  /// Unit, e.g. `1/day`, `pM`, `pM/day`, `-`.
  public let unit: String
  /// Symbol in the source paper, e.g. `k_B`.
  public let symbol: String
  public let source: Citation
  public let provenance: Provenance
  /// What the parameter means or why it has this value.
  public let note: String
  /// Values it can physically take (`ParameterRange.standard(forUnit:)` unless given).
  public let range: ParameterRange

  public init(
    _ name: String, _ value: Double, _ unit: String, _ symbol: String,
    _ source: Citation, _ provenance: Provenance, _ note: String = "", range: ParameterRange? = nil
  ) {
    self.name = name
    self.value = value
    self.unit = unit
    self.symbol = symbol
    self.source = source
    self.provenance = provenance
    self.note = note
    self.range = range ?? .standard(forUnit: unit)
  }

  /// The same row with another value (an override).
  public func with(value: Double) -> Parameter {
    Parameter(name, value, unit, symbol, source, provenance, note, range: range)
  }
}

/// "a must be below b": a relation between two parameters of one table that a model's
/// equations need (a span `b - a` they divide by, say).
public struct ParameterOrdering: Sendable, Hashable {
  public let lower: String
  public let upper: String
  /// Whether `lower == upper` is allowed.
  public let allowsEqual: Bool

  public init(_ lower: String, below upper: String, allowsEqual: Bool = false) {
    self.lower = lower
    self.upper = upper
    self.allowsEqual = allowsEqual
  }

  func holds(_ a: Double, _ b: Double) -> Bool { allowsEqual ? a <= b : a < b }
}

/// An error in a parameter name or value.
public enum ParameterError: Error, Equatable, CustomStringConvertible {
  case unknown(name: String, model: String, suggestion: String?)
  case notFinite(name: String, value: Double)
  case outOfRange(name: String, value: Double, unit: String, range: ParameterRange)
  case ordering(lower: String, lowerValue: Double, upper: String, upperValue: Double, allowsEqual: Bool)

  public var description: String {
    switch self {
    case .outOfRange(let name, let value, let unit, let range):
      return "parameter '\(name)' = \(value)\(unit == "-" || unit == "1" ? "" : " \(unit)") is outside its physical range (\(range))"
    case .ordering(let lower, let a, let upper, let b, let allowsEqual):
      return "parameter '\(lower)' (\(a)) must be \(allowsEqual ? "at most" : "below") '\(upper)' (\(b))"
    case .unknown(let name, let model, let suggestion):
      let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
      return "unknown parameter '\(name)' for model \(model)\(hint)"
    case .notFinite(let name, let value):
      return "parameter '\(name)' must be finite, got \(value)"
    }
  }
}

/// A model's parameters: name, value, unit, paper symbol, source and provenance.
///
/// The table is the only place a number appears; a model reads it once at set-up into
/// stored properties, and kernels never look names up.
public struct ParameterTable: Sendable, Hashable {
  /// Model the table belongs to (for messages).
  public let model: String
  public private(set) var entries: [Parameter]
  /// Relations between parameters that every override must keep.
  public let orderings: [ParameterOrdering]

  public init(model: String, _ entries: [Parameter], orderings: [ParameterOrdering] = []) {
    var seen = Set<String>()
    for e in entries {
      precondition(seen.insert(e.name).inserted, "duplicate parameter \(e.name)")
      precondition(e.range.contains(e.value), "\(e.name) = \(e.value) outside its range \(e.range)")
    }
    for o in orderings { precondition(seen.contains(o.lower) && seen.contains(o.upper), "ordering names an unknown parameter") }
    self.model = model
    self.entries = entries
    self.orderings = orderings
  }

  /// Value of a parameter that the model itself defines; a typo here is a programming error.
  public subscript(name: String) -> Double {
    guard let e = entries.first(where: { $0.name == name }) else {
      preconditionFailure("\(model) has no parameter \(name)")
    }
    return e.value
  }

  /// The row named `name`, if any.
  public func entry(_ name: String) -> Parameter? { entries.first { $0.name == name } }

  /// A copy with some values replaced. Unknown names, non-finite values, values outside a
  /// parameter's physical range and broken orderings are errors.
  public func overriding(_ values: [String: Double]) throws -> ParameterTable {
    var copy = self
    for (name, value) in values.sorted(by: { $0.key < $1.key }) {
      guard let i = copy.entries.firstIndex(where: { $0.name == name }) else {
        throw ParameterError.unknown(name: name, model: model, suggestion: nearestName(to: name))
      }
      guard value.isFinite else { throw ParameterError.notFinite(name: name, value: value) }
      let entry = copy.entries[i]
      guard entry.range.contains(value) else {
        throw ParameterError.outOfRange(name: name, value: value, unit: entry.unit, range: entry.range)
      }
      copy.entries[i] = entry.with(value: value)
    }
    if let broken = copy.brokenOrdering { throw broken }
    return copy
  }

  /// The first ordering the table's values break, as an error.
  public var brokenOrdering: ParameterError? { brokenOrdering(with: [:]) }

  /// The first ordering broken when `values` replace the table's values (names not in the
  /// table are ignored), as an error.
  public func brokenOrdering(with values: [String: Double]) -> ParameterError? {
    for o in orderings {
      let a = values[o.lower] ?? self[o.lower], b = values[o.upper] ?? self[o.upper]
      if !o.holds(a, b) { return .ordering(lower: o.lower, lowerValue: a, upper: o.upper, upperValue: b, allowsEqual: o.allowsEqual) }
    }
    return nil
  }

  /// The known name closest to `name` by edit distance, if reasonably close.
  public func nearestName(to name: String) -> String? {
    nearestSpelling(of: name, in: entries.map(\.name))
  }
}

/// Levenshtein distance between two strings, ignoring case (insertions, deletions,
/// substitutions).
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.lowercased()), b = Array(b.lowercased())
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      current[j] = Swift.min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}

/// The candidate closest to `name`, if close enough to be a plausible typo (distance at
/// most max(2, a third of the name)). Shared by every "did you mean" in BoneSim.
public func nearestSpelling(of name: String, in candidates: [String]) -> String? {
  let best = candidates.map { ($0, editDistance($0, name)) }.min { $0.1 < $1.1 }
  guard let best, best.1 <= Swift.max(2, name.count / 3) else { return nil }
  return best.0
}

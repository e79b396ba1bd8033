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

  public init(
    _ name: String, _ value: Double, _ unit: String, _ symbol: String,
    _ source: Citation, _ provenance: Provenance, _ note: String = ""
  ) {
    self.name = name
    self.value = value
    self.unit = unit
    self.symbol = symbol
    self.source = source
    self.provenance = provenance
    self.note = note
  }

  /// The same row with another value (an override).
  public func with(value: Double) -> Parameter {
    Parameter(name, value, unit, symbol, source, provenance, note)
  }
}

/// An error in a parameter name or value.
public enum ParameterError: Error, Equatable, CustomStringConvertible {
  case unknown(name: String, model: String, suggestion: String?)
  case notFinite(name: String, value: Double)

  public var description: String {
    switch self {
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

  public init(model: String, _ entries: [Parameter]) {
    var seen = Set<String>()
    for e in entries { precondition(seen.insert(e.name).inserted, "duplicate parameter \(e.name)") }
    self.model = model
    self.entries = entries
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

  /// A copy with some values replaced. Unknown names and non-finite values are errors.
  public func overriding(_ values: [String: Double]) throws -> ParameterTable {
    var copy = self
    for (name, value) in values.sorted(by: { $0.key < $1.key }) {
      guard let i = copy.entries.firstIndex(where: { $0.name == name }) else {
        throw ParameterError.unknown(name: name, model: model, suggestion: nearestName(to: name))
      }
      guard value.isFinite else { throw ParameterError.notFinite(name: name, value: value) }
      copy.entries[i] = copy.entries[i].with(value: value)
    }
    return copy
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

import BoneSimPhysiology
import Foundation

/// Reads one YAML mapping strictly: unknown keys are reported (with the nearest known key),
/// missing required keys are reported, and each value is checked for type and range.
///
/// Readers never throw: they report into an `IssueLog` and return nil, so decoding finds
/// every problem of a file in one pass.
public struct MappingReader {
  public let node: ScenarioNode
  /// Dotted path of this mapping (prefix of every field name in messages).
  public let path: String
  public let log: IssueLog
  let entries: [(key: String, keyPosition: SourcePosition, value: ScenarioNode)]
  /// Known keys suggested for unknown ones ("did you mean"): a missing required key that was
  /// suggested is not reported again (one message per problem).
  let suggested: Set<String>

  /// Nil (and an issue) if `node` is not a mapping. Keys outside `keys` are reported.
  /// - Parameter hints: why a key that is not in `keys` does not belong here (appended to its message).
  public init?(_ node: ScenarioNode, path: String, log: IssueLog, keys: [String], hints: [String: String] = [:]) {
    guard case .mapping(let entries, _) = node else {
      log.report(node, path, "expected a mapping with keys \(keys.joined(separator: ", ")), found \(node.kindDescription)")
      return nil
    }
    self.node = node
    self.path = path
    self.log = log
    self.entries = entries
    var suggested = Set<String>()
    for e in entries where !keys.contains(e.key) {
      let nearest = nearestSpelling(of: e.key, in: keys)
      if let nearest { suggested.insert(nearest) }
      let hint = hints[e.key].map { "; \($0)" } ?? nearest.map { " (did you mean '\($0)'?)" } ?? ""
      log.report(e.keyPosition, path.isEmpty ? e.key : "\(path).\(e.key)", "unknown key '\(e.key)'\(hint)")
    }
    self.suggested = suggested
  }

  /// Full path of a child field.
  public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  public func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

  /// Keys in file order.
  public var keys: [String] { entries.map(\.key) }

  public func node(_ key: String) -> ScenarioNode? {
    guard let e = entries.first(where: { $0.key == key }) else { return nil }
    if case .null = e.value { return nil }
    return e.value
  }

  public func keyPosition(_ key: String) -> SourcePosition? { entries.first { $0.key == key }?.keyPosition }

  /// The value of a key that must be present.
  public func required(_ key: String) -> ScenarioNode? {
    guard let n = node(key) else {
      reportMissing(key)
      return nil
    }
    return n
  }

  /// Reports `key` as missing, unless an unknown key was already reported as its misspelling.
  public func reportMissing(_ key: String, hint: String = "") {
    if !suggested.contains(key) { log.report(node, field(key), "missing required key '\(key)'\(hint)") }
  }

  func scalar(_ key: String, required: Bool) -> (String, ScenarioNode)? {
    guard let n = required ? self.required(key) : node(key) else { return nil }
    guard case .scalar(let s, _) = n else {
      log.report(n, field(key), "expected a single value, found \(n.kindDescription)")
      return nil
    }
    return (s, n)
  }

  public func string(_ key: String, required: Bool = false) -> String? {
    guard let (s, n) = scalar(key, required: required) else { return nil }
    if s.isEmpty { log.report(n, field(key), "must not be empty"); return nil }
    return s
  }

  /// A finite number in `range`.
  public func number(_ key: String, in range: ClosedRange<Double>, required: Bool = false) -> Double? {
    guard let (s, n) = scalar(key, required: required) else { return nil }
    return Self.number(s, node: n, field: field(key), range: range, log: log)
  }

  static func number(_ s: String, node n: ScenarioNode, field: String, range: ClosedRange<Double>, log: IssueLog)
    -> Double?
  {
    guard let v = Double(s.trimmingCharacters(in: .whitespaces)) else {
      log.report(n, field, "expected a number, found '\(s)'")
      return nil
    }
    guard v.isFinite else { log.report(n, field, "must be a finite number, found '\(s)'"); return nil }
    guard range.contains(v) else {
      log.report(n, field, "must be between \(CompactNumber(range.lowerBound)) and \(CompactNumber(range.upperBound)), found \(s)")
      return nil
    }
    return v
  }

  /// An integer in `range`.
  public func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
    guard let (s, n) = scalar(key, required: required) else { return nil }
    guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else {
      log.report(n, field(key), "expected a whole number, found '\(s)'")
      return nil
    }
    guard range.contains(v) else {
      log.report(n, field(key), "must be between \(range.lowerBound) and \(range.upperBound), found \(v)")
      return nil
    }
    return v
  }

  /// A quantity `"<number> <unit>"` convertible to `unit`, returned in `unit`, within `range` (in `unit`).
  public func quantity(_ key: String, in unit: String, range: ClosedRange<Double>, required: Bool = false)
    -> Double?
  {
    guard let (s, n) = scalar(key, required: required) else { return nil }
    return Self.quantity(s, node: n, field: field(key), unit: unit, range: range, log: log)
  }

  static func quantity(
    _ s: String, node n: ScenarioNode, field: String, unit: String, range: ClosedRange<Double>, log: IssueLog
  ) -> Double? {
    guard let q = Quantity(parsing: s) else {
      log.report(n, field, "expected a number with a unit such as '\(CompactNumber(range.lowerBound)) \(unit)', found '\(s)'")
      return nil
    }
    guard let v = q.value(in: unit) else {
      log.report(n, field, UnitConversion.mismatch(q.unit, to: unit))
      return nil
    }
    guard range.contains(v) else {
      log.report(n, field, "must be between \(CompactNumber(range.lowerBound)) and \(CompactNumber(range.upperBound)) \(unit), found \(s)")
      return nil
    }
    return v
  }

  /// One of `choices`.
  public func choice(_ key: String, _ choices: [String], required: Bool = false) -> String? {
    guard let (s, n) = scalar(key, required: required) else { return nil }
    guard choices.contains(s) else {
      log.report(n, field(key), "expected one of \(choices.joined(separator: ", ")), found '\(s)'\(didYouMean(s, in: choices))")
      return nil
    }
    return s
  }

  /// Child mapping entries in order (for mappings keyed by user names: arms, covariates).
  public func entries(_ key: String) -> [(key: String, keyPosition: SourcePosition, value: ScenarioNode)]? {
    guard let n = node(key) else { return nil }
    guard case .mapping(let e, _) = n else {
      log.report(n, field(key), "expected a mapping, found \(n.kindDescription)")
      return nil
    }
    return e
  }

  /// Child list items.
  public func list(_ key: String) -> [ScenarioNode]? {
    guard let n = node(key) else { return nil }
    guard case .sequence(let items, _) = n else {
      log.report(n, field(key), "expected a list, found \(n.kindDescription)")
      return nil
    }
    return items
  }
}

/// A number printed without a trailing `.0` when whole (for messages).
struct CompactNumber: CustomStringConvertible {
  let value: Double
  init(_ value: Double) { self.value = value }
  var description: String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}

extension Sweep {
  static let keys = ["scenario", "method", "samples", "seed", "axes"]
  static let axisKeys = ["parameter", "field", "values", "min", "max", "scale", "unit", "integer"]
  /// Most design points a sweep may have.
  public static let maxPoints = 1_000_000
  /// Largest magnitude of an integer axis (whole numbers are exact in a Double up to 2^53).
  static let maxExactInteger = 9_007_199_254_740_992.0

  /// Decodes a sweep file strictly.
  public static func decode(yaml text: String, file: String) throws -> Sweep {
    let root = try ScenarioNode.parse(text, file: file)
    let log = IssueLog()
    guard let r = MappingReader(root, path: "", log: log, keys: keys) else { throw ScenarioError(log.issues) }
    let scenario = r.string("scenario", required: true)
    let method = r.choice("method", Method.allCases.map(\.rawValue), required: true).flatMap(Method.init(rawValue:))
    let samples = r.integer("samples", in: 1...maxPoints, required: method == .latinHypercube) ?? 0
    if method != .latinHypercube && r.has("samples") {
      log.report(r.node("samples")!, "samples", "only a latin_hypercube sweep takes 'samples'")
    }
    let seed = r.integer("seed", in: 0...Int.max) ?? 1
    var axes: [Axis] = []
    let items = r.list("axes") ?? []
    if items.isEmpty { log.report(r.node("axes") ?? root, "axes", "a sweep needs at least one axis") }
    for (i, item) in items.enumerated() {
      let f = "axes[\(i)]"
      guard let ar = MappingReader(item, path: f, log: log, keys: axisKeys) else { continue }
      var target: Target?
      switch (ar.string("parameter"), ar.string("field")) {
      case (let p?, nil): target = .parameter(p)
      case (nil, let path?): target = .field(path.split(separator: ".").map(String.init))
      default: log.report(item, f, "give exactly one of 'parameter' (a model parameter) or 'field' (a dotted path in the scenario)")
      }
      var values: [String] = []
      if let list = ar.list("values") {
        for v in list {
          if case .scalar(let s, _) = v { values.append(s) } else { log.report(v, "\(f).values", "expected single values, found \(v.kindDescription)") }
        }
        if list.isEmpty { log.report(ar.node("values")!, "\(f).values", "needs at least one value") }
      }
      let any = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
      let lo = ar.number("min", in: any), hi = ar.number("max", in: any)
      let scale = ar.choice("scale", ["linear", "log"]) ?? "linear"
      let integer = ar.choice("integer", ["true", "false"]) == "true"
      var range: ClosedRange<Double>?
      if method == .latinHypercube {
        if !values.isEmpty { log.report(ar.node("values")!, "\(f).values", "a latin_hypercube axis takes min and max, not values") }
        if let lo, let hi {
          if lo > hi { log.report(item, f, "min must not exceed max") } else { range = lo...hi }
          if scale == "log" && lo <= 0 { log.report(item, f, "a log-scale axis needs min > 0") }
          if integer && max(abs(lo), abs(hi)) > maxExactInteger {
            log.report(item, f, "an integer axis needs min and max within ±2^53 (9007199254740992)")
          }
        } else {
          log.report(item, f, "a latin_hypercube axis needs min and max")
        }
      } else {
        if values.isEmpty && ar.node("values") == nil { ar.reportMissing("values") }
        if lo != nil || hi != nil { log.report(item, f, "min/max are for latin_hypercube sweeps; list 'values'") }
      }
      if let target {
        axes.append(Axis(target: target, values: values, range: range, logScale: scale == "log", unit: ar.string("unit"), integer: integer, position: item.position))
      }
    }
    if method == .zip, let n = axes.first?.values.count, axes.contains(where: { $0.values.count != n }) {
      log.report(r.node("axes") ?? root, "axes", "a zip sweep needs axes of equal length (found \(axes.map { String($0.values.count) }.joined(separator: ", ")))")
    }
    if method == .grid {
      let total = axes.reduce(1.0) { $0 * Double(max($1.values.count, 1)) }
      if total > Double(maxPoints) { log.report(r.node("axes") ?? root, "axes", "the grid has \(CompactNumber(total)) points; at most \(maxPoints)") }
    }
    try log.throwIfAny()
    guard let scenario, let method else { throw ScenarioError(log.issues) }
    var sweep = Sweep(scenario: scenario, method: method, samples: samples, seed: UInt64(seed), axes: axes)
    sweep.scenarioPosition = r.node("scenario")?.position
    return sweep
  }
}

extension Sweep {
  /// Whether a parsed file is a sweep rather than a scenario: a top-level mapping with `axes`,
  /// or with `scenario` and `method` and no `arms` (`bonesim check` takes either).
  public static func isSweep(_ root: ScenarioNode) -> Bool {
    guard case .mapping(let entries, _) = root else { return false }
    let keys = Set(entries.map(\.key))
    return keys.contains("axes") || (keys.contains("method") && keys.contains("scenario") && !keys.contains("arms"))
  }
}

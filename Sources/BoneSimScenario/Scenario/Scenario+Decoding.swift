import Foundation

extension Scenario {
  /// Largest horizon a scenario may ask for [day] (100 years).
  public static let maxDurationDays = 36_525
  /// Largest cohort a scenario may ask for [patients].
  public static let maxPatients = 100_000_000

  static let keys = [
    "name", "description", "duration_days", "history_days", "output_interval_days", "output_days", "cohort", "control",
    "baseline", "arms", "parameters", "outputs",
  ]

  /// Decodes a scenario file's text strictly (every problem is reported with its position).
  public static func decode(yaml text: String, file: String) throws -> Scenario {
    try decode(ScenarioNode.parse(text, file: file))
  }

  /// Decodes a parsed tree strictly.
  public static func decode(_ root: ScenarioNode) throws -> Scenario {
    let log = IssueLog()
    let scenario = decode(root, log: log)
    try log.throwIfAny()
    guard let scenario else { throw ScenarioError(log.issues) }
    return scenario
  }

  static func decode(_ root: ScenarioNode, log: IssueLog) -> Scenario? {
    guard let r = MappingReader(root, path: "", log: log, keys: keys) else { return nil }
    let name = r.string("name", required: true)
    if let name, !SafeName.isValid(name) {
      log.report(r.node("name")!, "name", "use letters, digits, '_', '-' or '.' only, not only dots (it names the output folder)")
    }
    let duration = r.integer("duration_days", in: 1...maxDurationDays, required: true)
    let interval = r.integer("output_interval_days", in: 1...maxDurationDays, required: true)
    let history = r.integer("history_days", in: 0...maxDurationDays, required: false)
    var extra: [Int] = []
    if let items = r.list("output_days") {
      for (i, item) in items.enumerated() {
        let f = "output_days[\(i)]"
        guard case .scalar(let s, _) = item, let d = Int(s) else {
          log.report(item, f, "expected a whole day number, found \(item.kindDescription)")
          continue
        }
        if d < 0 || d > (duration ?? Int.max) {
          log.report(item, f, "must be between 0 and duration_days (\(duration ?? 0)), found \(d)")
        } else {
          extra.append(d)
        }
      }
    }
    let cohort = r.required("cohort").flatMap { CohortSpec.decode($0, path: "cohort", log: log) }
    let parameters = decodeParameters(r, key: "parameters")
    let baseline = r.node("baseline").flatMap {
      Arm.decode($0, name: "baseline", path: "baseline", log: log, keys: Arm.baselineKeys)
    }
    var arms: [Arm] = []
    if let entries = r.entries("arms") {
      if entries.isEmpty { log.report(r.node("arms")!, "arms", "a scenario needs at least one arm") }
      for e in entries {
        if let arm = Arm.decode(e.value, name: e.key, path: "arms.\(e.key)", log: log) {
          arms.append(baseline.map { arm.inheriting($0) } ?? arm)
        }
      }
    } else if r.node("arms") == nil {
      r.reportMissing("arms")
    }
    let control = r.string("control")
    if r.node("control") == nil {
      r.reportMissing(
        "control",
        hint: arms.isEmpty ? "" : " (the comparator arm of effects.csv: one of \(arms.map(\.name).joined(separator: ", ")))")
    }
    if let control, !arms.isEmpty, !arms.contains(where: { $0.name == control }) {
      log.report(
        r.node("control")!, "control",
        "'\(control)' is not an arm of this scenario\(didYouMean(control, in: arms.map(\.name)))")
    }
    var outputs: [OutputSelection] = []
    for (i, item) in (r.list("outputs") ?? []).enumerated() {
      guard case .scalar(let v, _) = item, !v.isEmpty else {
        log.report(item, "outputs[\(i)]", "expected an output name such as 'bmd_pct_change', found \(item.kindDescription)")
        continue
      }
      outputs.append(OutputSelection(name: v, position: item.position))
    }
    guard let name, let duration, let interval, let cohort, let control else { return nil }
    var scenario = Scenario(
      name: name, description: r.string("description") ?? "", durationDays: duration,
      outputIntervalDays: interval, extraOutputDays: extra, cohort: cohort, control: control, arms: arms,
      parameters: parameters)
    scenario.historyDays = history
    scenario.historyPosition = r.node("history_days")?.position ?? r.node("name")?.position
    scenario.outputs = outputs
    return scenario
  }

  /// `parameters:` mapping of name → finite number.
  static func decodeParameters(_ r: MappingReader, key: String) -> [ParameterOverride] {
    guard let entries = r.entries(key) else { return [] }
    var out: [ParameterOverride] = []
    for e in entries {
      let f = "\(r.field(key)).\(e.key)"
      guard case .scalar(let s, _) = e.value else {
        r.log.report(e.value, f, "expected a number, found \(e.value.kindDescription)")
        continue
      }
      if let v = MappingReader.number(s, node: e.value, field: f, range: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, log: r.log) {
        out.append(ParameterOverride(name: e.key, value: v, position: e.value.position))
      }
    }
    return out
  }
}

/// `snake_case` → `camelCase` (`high_intensity` → `highIntensity`, `vitamin_d3` → `vitaminD3`).
func camelCase(_ s: String) -> String {
  let parts = s.split(separator: "_")
  guard let first = parts.first else { return s }
  return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
}

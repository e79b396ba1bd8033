extension TimeCourse {
  static let keys = ["unit", "hold", "points"]

  /// Either a constant quantity (`45 kcal/kg FFM/day`) or `{unit, hold, points: [{day, value}]}`.
  static func decode(_ node: ScenarioNode, input: String, path: String, log: IssueLog) -> TimeCourse? {
    if case .scalar(let s, _) = node {
      if let q = Quantity(parsing: s) {
        return TimeCourse(
          input: input, unit: q.unit, hold: .step, points: [Point(day: 0, value: q.value)], position: node.position,
          field: path)
      }
      if let v = Double(s), v.isFinite {
        // A bare number is allowed for dimensionless inputs only; the plan checks the unit.
        return TimeCourse(input: input, unit: "1", hold: .step, points: [Point(day: 0, value: v)], position: node.position, field: path)
      }
      log.report(node, path, "expected a value with a unit such as '45 kcal/kg FFM/day' or a mapping with unit, hold and points; found '\(s)'")
      return nil
    }
    guard let r = MappingReader(node, path: path, log: log, keys: keys) else { return nil }
    let unit = r.string("unit", required: true)
    if let unit, !UnitConversion.isKnown(unit) {
      log.report(r.node("unit")!, r.field("unit"), "unknown unit '\(unit)'")
    }
    let hold = r.choice("hold", TimeCourse.Hold.allCases.map(\.rawValue), required: true).flatMap(Hold.init(rawValue:))
    var points: [Point] = []
    if let items = r.list("points") {
      if items.isEmpty { log.report(r.node("points")!, r.field("points"), "needs at least one point") }
      for (i, item) in items.enumerated() {
        let f = "\(r.field("points"))[\(i)]"
        guard let pr = MappingReader(item, path: f, log: log, keys: ["day", "value"]) else { continue }
        let day = pr.integer("day", in: 0...Scenario.maxDurationDays, required: true)
        let value = pr.number("value", in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, required: true)
        guard let day, let value else { continue }
        if let last = points.last, day <= last.day {
          log.report(item, f, "days must increase; day \(day) follows day \(last.day)")
          continue
        }
        points.append(Point(day: day, value: value))
      }
    } else if r.node("points") == nil {
      r.reportMissing("points")
    }
    guard let unit, let hold, !points.isEmpty else { return nil }
    return TimeCourse(input: input, unit: unit, hold: hold, points: points, position: node.position, field: path)
  }
}

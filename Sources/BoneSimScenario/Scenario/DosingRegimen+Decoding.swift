extension DosingRegimen {
  static let keys = [
    "agent", "route", "input", "dose", "rate", "interval", "wear", "start_day", "stop_day", "count", "cycle",
    "adherence",
  ]

  /// Route words and the suffix they give the input name (`dose.<agent><Suffix>`).
  public static let routeSuffixes: [String: String] = [
    "transdermal": "Transdermal", "patch": "Transdermal", "gel": "Gel", "oral": "Oral",
    "subcutaneous": "SC", "sc": "SC", "intramuscular": "IM", "im": "IM",
  ]
  /// Routes that deliver a rate while worn (patches): they take `rate:`, never `dose:`.
  public static let patchRoutes: Set<String> = ["transdermal", "patch"]
  /// Longest interval between doses [day].
  static let maxIntervalDays = 3_650.0
  /// The model's time step [day]: inputs are daily amounts, so doses cannot come more often.
  static let stepDays = 1.0

  static func decode(_ node: ScenarioNode, path: String, log: IssueLog) -> DosingRegimen? {
    guard let r = MappingReader(node, path: path, log: log, keys: keys) else { return nil }
    let agent = r.string("agent", required: true)
    let route = r.choice("route", routeSuffixes.keys.sorted(), required: true)
    var input = r.string("input")
    if input == nil, let agent, let route, let suffix = routeSuffixes[route] {
      input = "dose." + camelCase(agent) + suffix
    }
    let doseText = r.string("dose")
    let rateText = r.string("rate")
    var dose: Quantity?
    var rate: Quantity?
    var doseIsForPatch = false
    switch (doseText, rateText) {
    case (nil, nil):
      log.report(node, path, "give either 'dose' (amount per dose, e.g. '10 mg') or 'rate' (e.g. '50 ug/day' while a patch is worn)")
    case (.some, .some):
      log.report(r.node("rate")!, r.field("rate"), "give either 'dose' or 'rate', not both")
    case (let d?, nil):
      dose = Quantity(parsing: d)
      if let route, patchRoutes.contains(route) {
        // A patch delivers while worn: a `dose` would put the whole amount on one day.
        let example = dose.map { q in "\(CompactNumber(q.value)) \(q.unit.contains("/") ? q.unit : q.unit + "/day")" } ?? "50 ug/day"
        log.report(
          r.node("dose")!, r.field("dose"),
          "a patch (route \(route)) delivers a rate while worn, not a dose: write 'rate: \(example)' instead of 'dose: \(d)' (with 'wear:' if it is worn for less than the interval)")
        dose = nil
        doseIsForPatch = true
      } else if dose == nil {
        log.report(r.node("dose")!, r.field("dose"), "expected an amount with a unit such as '10 mg', found '\(d)'")
      }
    case (nil, let q?):
      rate = Quantity(parsing: q)
      if rate == nil { log.report(r.node("rate")!, r.field("rate"), "expected a rate with a unit such as '50 ug/day', found '\(q)'") }
    }
    for (key, q) in [("dose", dose), ("rate", rate)] {
      guard let q, let n = r.node(key) else { continue }
      if q.value < 0 {
        log.report(n, r.field(key), "must not be negative, found \(q)")
      } else if q.value == 0 {
        log.report(n, r.field(key), "must be greater than 0, found \(q); leave the regimen out for an untreated arm")
      }
    }
    var interval = r.quantity("interval", in: "day", range: 0...maxIntervalDays, required: true)
    if let days = interval, days < Self.stepDays - Self.timeTolerance, let n = r.node("interval") {
      log.report(
        n, r.field("interval"),
        "\(n.kindDescription) is shorter than the model's time step (1 day): inputs are daily; give the amount per day with interval: 1 day")
      interval = nil
    }
    let wear = r.quantity("wear", in: "day", range: 1.0 / 24...maxIntervalDays)
    if wear != nil && rate == nil && dose != nil {
      log.report(r.node("wear")!, r.field("wear"), "'wear' applies to a 'rate' regimen (a patch), not to a 'dose'")
    } else if let wear, let interval, wear > interval + Self.timeTolerance, let n = r.node("wear") {
      log.report(
        n, r.field("wear"),
        "\(n.kindDescription) is longer than the interval (\(r.node("interval")!.kindDescription)): applications would overlap; use a higher rate instead")
    }
    let start = r.number("start_day", in: 0...Double(Scenario.maxDurationDays)) ?? 0
    let stop = r.number("stop_day", in: 0...Double(Scenario.maxDurationDays))
    if let stop, stop <= start { log.report(r.node("stop_day")!, r.field("stop_day"), "must be after start_day (\(CompactNumber(start))), found \(CompactNumber(stop))") }
    let count = r.integer("count", in: 1...10_000_000)
    var cycle: DoseCycle?
    if let c = r.node("cycle"), let cr = MappingReader(c, path: r.field("cycle"), log: log, keys: ["on_for", "off_for"]) {
      // Not `on`/`off`: YAML 1.1 tools (PyYAML, many editors) read those keys as booleans.
      let on = cr.quantity("on_for", in: "day", range: 1...maxIntervalDays, required: true)
      let off = cr.quantity("off_for", in: "day", range: 0...maxIntervalDays, required: true)
      if let on, let off { cycle = DoseCycle(onDays: on, offDays: off) }
    }
    let adherence = r.number("adherence", in: 0...1) ?? 1
    guard let agent, let route, let input, let interval, dose != nil || rate != nil, !doseIsForPatch else { return nil }
    return DosingRegimen(
      agent: agent, route: route, input: input, dose: dose, rate: rate, intervalDays: interval, wearDays: wear,
      startDay: start, stopDay: stop, count: count, cycle: cycle, adherence: adherence, position: node.position)
  }
}

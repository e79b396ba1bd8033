extension ExerciseProgram {
  static let keys = ["type", "load", "impact", "input", "sessions_per_week", "intensity", "start_day", "stop_day", "adherence"]
  /// Input name prefix for exercise types (`high_intensity` → `exercise.highIntensity`).
  public static let inputPrefix = "exercise."
  /// Most sessions a week can hold.
  static let maxSessionsPerWeek = 14
  /// Largest intensity multiplier.
  static let maxIntensity = 3.0

  /// `sessions_per_week`: a number (2, 2.5) or a quantity in sessions per week or per day.
  static func decodeSessions(_ r: MappingReader) -> Double? {
    let range = 0...Double(maxSessionsPerWeek)
    if let (s, n) = r.scalar("sessions_per_week", required: false), Double(s.trimmingCharacters(in: .whitespaces)) == nil {
      if let q = Quantity(parsing: s), let v = q.value(in: "sessions/week") {
        guard range.contains(v) else {
          r.log.report(n, r.field("sessions_per_week"), "must be between 0 and \(maxSessionsPerWeek) sessions a week, found \(s)")
          return nil
        }
        return v
      }
      let number = s.split(separator: " ").first.flatMap { Double($0) }.map { CompactNumber($0).description } ?? "2.5"
      r.log.report(n, r.field("sessions_per_week"), "expected the number of sessions a week, e.g. 'sessions_per_week: \(number)', found '\(s)'")
      return nil
    }
    return r.number("sessions_per_week", in: range, required: true)
  }

  /// `load` (% of one-repetition maximum): a number 0 … 100, or `80 %1RM` / `80 % 1RM` / `80%`.
  static func decodeLoad(_ r: MappingReader) -> Double? {
    guard let (s, n) = r.scalar("load", required: false) else { return nil }
    var text = s.trimmingCharacters(in: .whitespaces)
    for suffix in ["% 1RM", "%1RM", "%"] where text.hasSuffix(suffix) {
      text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
      break
    }
    guard let v = Double(text), (0...100).contains(v) else {
      r.log.report(n, r.field("load"), "expected the training load in % of one-repetition maximum, 0 to 100, e.g. 'load: 80 %1RM', found '\(s)'")
      return nil
    }
    return v
  }

  /// The exercise type of a program given by `load` and/or `impact` instead of `type`.
  static func decodeLoadAndImpact(_ r: MappingReader) -> String? {
    let load = decodeLoad(r)
    var impact: ExerciseDescription.Impact?
    if let (s, n) = r.scalar("impact", required: false) {
      impact = ExerciseDescription.Impact(rawValue: s.trimmingCharacters(in: .whitespaces))
      if impact == nil {
        r.log.report(
          n, r.field("impact"),
          "unknown impact '\(s)'\(didYouMean(s, in: ExerciseDescription.Impact.allCases.map(\.rawValue))); expected one of \(ExerciseDescription.Impact.allCases.map(\.rawValue).joined(separator: ", "))")
        return nil
      }
    }
    guard load != nil || impact != nil else { return nil }
    return ExerciseDescription(load: load, impact: impact ?? .none).type
  }

  static func decode(_ node: ScenarioNode, path: String, log: IssueLog) -> ExerciseProgram? {
    guard let r = MappingReader(node, path: path, log: log, keys: keys) else { return nil }
    let described = r.node("load") != nil || r.node("impact") != nil
    if described, let t = r.node("type") {
      log.report(t, r.field("type"), "give either type or load/impact, not both (load and impact choose the type; docs/SCENARIOS.md, Exercise programs)")
      return nil
    }
    let type = described ? decodeLoadAndImpact(r) : r.string("type", required: true)
    let input = r.string("input") ?? type.map { inputPrefix + camelCase($0) }
    let sessions = decodeSessions(r)
    let intensity = r.number("intensity", in: 0...maxIntensity) ?? 1
    let start = r.integer("start_day", in: 0...Scenario.maxDurationDays) ?? 0
    let stop = r.integer("stop_day", in: 0...Scenario.maxDurationDays)
    if let stop, stop <= start { log.report(r.node("stop_day")!, r.field("stop_day"), "must be after start_day (\(start)), found \(stop)") }
    let adherence = r.number("adherence", in: 0...1) ?? 1
    guard let type, let input, let sessions else { return nil }
    return ExerciseProgram(
      type: type, input: input, sessionsPerWeek: sessions, intensity: intensity, startDay: start, stopDay: stop,
      adherence: adherence, position: node.position, field: path)
  }
}

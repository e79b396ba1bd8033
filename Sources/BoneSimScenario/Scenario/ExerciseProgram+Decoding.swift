extension ExerciseProgram {
  static let keys = ["type", "input", "sessions_per_week", "intensity", "start_day", "stop_day", "adherence"]
  /// Input name prefix for exercise types (`high_intensity` → `exercise.highIntensity`).
  public static let inputPrefix = "exercise."
  /// Most sessions a week can hold.
  static let maxSessionsPerWeek = 14
  /// Largest intensity multiplier.
  static let maxIntensity = 3.0

  static func decode(_ node: ScenarioNode, path: String, log: IssueLog) -> ExerciseProgram? {
    guard let r = MappingReader(node, path: path, log: log, keys: keys) else { return nil }
    let type = r.string("type", required: true)
    let input = r.string("input") ?? type.map { inputPrefix + camelCase($0) }
    let sessions = r.integer("sessions_per_week", in: 0...maxSessionsPerWeek, required: true)
    let intensity = r.number("intensity", in: 0...maxIntensity) ?? 1
    let start = r.integer("start_day", in: 0...Scenario.maxDurationDays) ?? 0
    let stop = r.integer("stop_day", in: 0...Scenario.maxDurationDays)
    if let stop, stop <= start { log.report(r.node("stop_day")!, r.field("stop_day"), "must be after start_day (\(start)), found \(stop)") }
    let adherence = r.number("adherence", in: 0...1) ?? 1
    guard let type, let input, let sessions else { return nil }
    return ExerciseProgram(
      type: type, input: input, sessionsPerWeek: sessions, intensity: intensity, startDay: start, stopDay: stop,
      adherence: adherence, position: node.position)
  }
}

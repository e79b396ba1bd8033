extension Arm {
  static let keys = ["description", "dosing", "exercise", "energy_availability", "nutrition", "inputs", "parameters"]
  /// Keys of the top-level `baseline:` block (what every arm inherits).
  static let baselineKeys = ["energy_availability", "nutrition", "exercise", "inputs"]

  /// Input fed by `energy_availability:`.
  public static let energyInput = "energy.availability"
  /// Prefix of inputs fed by `nutrition:` (`calcium` → `nutrition.calcium`).
  public static let nutritionPrefix = "nutrition."

  static func decode(_ node: ScenarioNode, name: String, path: String, log: IssueLog, keys: [String] = Arm.keys) -> Arm? {
    if !SafeName.isValid(name) {
      // The name itself may hold a newline, so the message quotes it escaped rather than in the path.
      log.report(node, "arms", "arm \(name.debugDescription): arm names use letters, digits, '_', '-' or '.' only (not only dots)")
    }
    // An arm with nothing in it (`control: {}` or `control:`) is a valid untreated arm.
    if case .null = node {
      return Arm(name: name, description: "", dosing: [], exercise: [], timeCourses: [], parameters: [], position: node.position)
    }
    let armOnly = Set(Arm.keys).subtracting(keys).sorted()
    let hints = Dictionary(uniqueKeysWithValues: armOnly.map { ($0, "baseline: takes \(keys.joined(separator: ", ")); '\($0)' belongs to each arm") })
    guard let r = MappingReader(node, path: path, log: log, keys: keys, hints: hints) else { return nil }
    var dosing: [DosingRegimen] = []
    for (i, item) in (r.list("dosing") ?? []).enumerated() {
      if let d = DosingRegimen.decode(item, path: "\(path).dosing[\(i)]", log: log) { dosing.append(d) }
    }
    var exercise: [ExerciseProgram] = []
    for (i, item) in (r.list("exercise") ?? []).enumerated() {
      if let e = ExerciseProgram.decode(item, path: "\(path).exercise[\(i)]", log: log) { exercise.append(e) }
    }
    var courses: [TimeCourse] = []
    if let n = r.node("energy_availability"),
      let c = TimeCourse.decode(n, input: energyInput, path: r.field("energy_availability"), log: log)
    {
      courses.append(c)
    }
    for e in r.entries("nutrition") ?? [] {
      if let c = TimeCourse.decode(
        e.value, input: nutritionPrefix + camelCase(e.key), path: "\(path).nutrition.\(e.key)", log: log)
      {
        courses.append(c)
      }
    }
    for e in r.entries("inputs") ?? [] {
      if let c = TimeCourse.decode(e.value, input: e.key, path: "\(path).inputs.\(e.key)", log: log) {
        courses.append(c)
      }
    }
    let arm = Arm(
      name: name, description: r.string("description") ?? "", dosing: dosing, exercise: exercise,
      timeCourses: courses, parameters: Scenario.decodeParameters(r, key: "parameters"), position: node.position)
    reportOverlaps(arm, path: path, log: log)
    return arm
  }
}

import Foundation

extension Arm {
  /// This arm with what `baseline` sets and the arm does not: each time course (energy
  /// availability, each nutrient, each other input) and each exercise type the arm leaves out
  /// comes from the baseline; what the arm writes itself replaces the baseline's.
  func inheriting(_ baseline: Arm) -> Arm {
    var arm = self
    let courses = Set(timeCourses.map(\.input))
    arm.timeCourses = baseline.timeCourses.filter { !courses.contains($0.input) } + timeCourses
    let programs = Set(exercise.map(\.input))
    arm.exercise = baseline.exercise.filter { !programs.contains($0.input) } + exercise
    return arm
  }
}

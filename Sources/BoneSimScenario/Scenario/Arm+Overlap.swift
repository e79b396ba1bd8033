extension Arm {
  /// Reports regimens (or exercise programs) of one arm that feed the same input over
  /// overlapping days: two estradiol patches from day 0, say, are almost always a copy-paste
  /// mistake, and a dose change is written as one regimen that stops and one that starts.
  static func reportOverlaps(_ arm: Arm, path: String, log: IssueLog) {
    let dosing = arm.dosing.enumerated().map {
      Window(field: "\(path).dosing[\($0)]", input: $1.input, start: $1.startDay, end: $1.endDay, position: $1.position)
    }
    let exercise = arm.exercise.enumerated().map {
      Window(
        field: $1.field.isEmpty ? "\(path).exercise[\($0)]" : $1.field, input: $1.input, start: Double($1.startDay),
        end: $1.stopDay.map(Double.init) ?? .infinity, position: $1.position)
    }
    for windows in [dosing, exercise] {
      for (j, later) in windows.enumerated() {
        guard let earlier = windows[..<j].first(where: { $0.input == later.input && $0.overlaps(later) }) else { continue }
        log.report(
          later.position, later.field,
          "overlaps \(earlier.field): both feed \(later.input) from day \(CompactNumber(max(earlier.start, later.start))); give one regimen per input at a time (stop_day on the first, start_day on the second)")
      }
    }
  }

  /// Days `[start, end)` during which a regimen feeds `input`.
  struct Window {
    let field: String
    let input: String
    let start: Double
    let end: Double
    let position: SourcePosition

    func overlaps(_ other: Window) -> Bool { start < other.end && other.start < end }
  }
}

extension DosingRegimen {
  /// First day the regimen no longer covers [day]: `stopDay`, else the end of the interval of
  /// the last of `count` doses (without a cycle), else never.
  var endDay: Double {
    if let stopDay { return stopDay }
    if let count, cycle == nil { return startDay + Double(count) * intervalDays }
    return .infinity
  }
}

import Foundation

extension DosingRegimen {
  /// Adds this regimen's doses to `builder`, converted to a column in `columnUnit`, and
  /// returns the number of doses given (occurrences).
  ///
  /// A `dose` (bolus) adds its amount on the day it falls on; a `rate` adds, on each day, the
  /// rate times the part of that day covered by an application `[t_k, t_k + wear)`, so a
  /// daily column holds the average delivery of that day. Dose `k` is at
  /// `t_k = startDay + k · intervalDays`; doses falling in the off-days of a cycle are skipped
  /// and do not count towards `count`.
  ///
  /// Days run through `horizonDays` inclusive: the solver never steps the last day, but the
  /// outputs of the last day read that day's inputs, which must still hold the regimen.
  func expand(into builder: inout ContributionBuilder, conversion: Double, horizonDays: Int) -> Int {
    let end = Swift.min(stopDay ?? Double(horizonDays + 1), Double(horizonDays + 1))
    let wear = wearDays ?? intervalDays
    var given = 0
    var k = 0
    while true {
      let t = startDay + Double(k) * intervalDays
      k += 1
      if t >= end { break }
      if let count, given >= count { break }
      if let cycle {
        let phase = (t - startDay).truncatingRemainder(dividingBy: cycle.lengthDays)
        if phase >= cycle.onDays - Self.timeTolerance { continue }
      }
      if let dose {
        builder.add(day: Int(floor(t + Self.timeTolerance)), occurrence: given, amount: dose.value * conversion)
      } else if let rate {
        let stop = Swift.min(t + wear, end)
        var d = Int(floor(t + Self.timeTolerance))
        while Double(d) < stop - Self.timeTolerance {
          let covered = Swift.min(Double(d + 1), stop) - Swift.max(Double(d), t)
          builder.add(day: d, occurrence: given, amount: rate.value * conversion * covered)
          d += 1
        }
      }
      given += 1
    }
    return given
  }

  /// Dose times within this of a day boundary count as on it [day] (3.5 + 3.5 = 7 exactly).
  static let timeTolerance = 1e-9
}

extension ExerciseProgram {
  /// Adds the program's sessions, week by week from `startDay`, and returns the number of weeks.
  func expand(into builder: inout ContributionBuilder, conversion: Double, horizonDays: Int) -> Int {
    let end = Swift.min(stopDay ?? horizonDays + 1, horizonDays + 1)  // through the last day, as above
    let perWeek = sessionsPerWeek * intensity * conversion
    var week = 0
    var day = startDay
    while day < end {
      for d in day..<Swift.min(day + Self.daysPerWeek, end) { builder.add(day: d, occurrence: week, amount: perWeek) }
      day += Self.daysPerWeek
      week += 1
    }
    return week
  }

  static let daysPerWeek = 7
}

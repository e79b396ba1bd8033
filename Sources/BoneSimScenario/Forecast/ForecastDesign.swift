import BoneSimPhysiology
import Foundation

/// Turns one woman's record and a protocols file into the virtual trial of her twins.
///
/// The trial starts on her earliest record (scenario day 0, `startOffset` days before
/// `asOf`; the day before `asOf` when every record is dated `asOf`) so that her DXA series and labs can be compared with every twin's trajectory, and
/// each protocol arm begins on `asOf` (scenario day `startOffset`): the protocols' doses,
/// programs and time courses are shifted by that many days; before it every arm holds her
/// baseline. The twins share her covariates (age, years since the FMP) and draw their
/// unobserved parameters from the protocols file's `variability:` and `correlations:`.
public struct ForecastDesign: Sendable {
  public let patient: PatientRecord
  public let protocols: Scenario
  /// The twins' trial (arms = protocols, in the protocols file's order).
  public let scenario: Scenario
  /// Scenario day of `asOf`: days from the earliest record to `asOf`, at least 1 (when every
  /// record is dated `asOf`, the trial starts the day before, so that the history run-in and
  /// day 0 hold her baseline, not a protocol).
  public let startOffset: Int
  /// Forecast horizon after `asOf` [day] (the protocols file's `duration_days`).
  public let horizonDays: Int
  /// Output days of the forecast, in days from `asOf` (negative: before it).
  public let forecastDays: [Int]

  /// Longest history a record may reach back [day] (10 years).
  public static let maxRecordAge = 3653

  /// - Parameters:
  ///   - twins: virtual twins (patients of the trial).
  ///   - intervalDays: spacing of forecast days after `asOf` (the horizon is always included).
  ///   - inputs: the model's inputs (their defaults hold before a protocol's time course starts).
  public init(patient: PatientRecord, protocols: Scenario, inputs: [ModelInput], twins: Int, seed: UInt64, intervalDays: Int) throws {
    // An arm's parameter overrides change the model itself, for the whole run: they would act
    // on her twins' past (the menopausal transition and her records) as well, not from as_of.
    let overriding = protocols.arms.compactMap { arm in
      arm.parameters.first.map {
        ScenarioIssue(
          $0.position, field: "arms.\(arm.name).parameters.\($0.name)",
          "a protocol cannot override model parameters in a forecast: the overrides would act on her twins' past too (before as_of, where her records are), not from as_of; describe the protocol with dosing, exercise, energy_availability, nutrition or inputs, or move population-wide values to the file's top-level parameters:")
      }
    }
    if !overriding.isEmpty { throw ScenarioError(overriding) }
    self.patient = patient
    let defaults = Dictionary(inputs.map { ($0.name, (value: $0.defaultValue, unit: $0.unit)) }, uniquingKeysWith: { a, _ in a })
    self.protocols = protocols
    let dates = patient.dxa.map(\.date) + patient.labs.map(\.date)
    let earliest = dates.min() ?? patient.asOf
    let recordOffset = earliest.days(to: patient.asOf)
    if recordOffset > Self.maxRecordAge {
      let first = (patient.dxa.map { ($0.date, $0.position) } + patient.labs.map { ($0.date, $0.position) }).min { $0.0 < $1.0 }!
      throw ScenarioError([
        ScenarioIssue(
          first.1, field: "dxa/labs",
          "record dated \(first.0) is more than 10 years before as_of (\(patient.asOf)); leave out records older than \(Self.maxRecordAge) days")
      ])
    }
    // At least one day before as_of, so that the history run-in (which holds the control
    // arm's inputs of day 0) and day 0 itself are her baseline, never a protocol's.
    let offset = Swift.max(recordOffset, 1)
    startOffset = offset
    horizonDays = protocols.durationDays
    var days = Set(stride(from: 0, through: horizonDays, by: intervalDays))
    days.insert(horizonDays)
    for d in dates { days.insert(-d.days(to: patient.asOf)) }
    days.formUnion(stride(from: -recordOffset, to: 0, by: Swift.max(intervalDays, 1)))
    forecastDays = days.sorted()

    let years = Double(offset) / UnitConversion.daysPerYear
    let position = patient.position
    var cohort = protocols.cohort
    cohort.patients = twins
    cohort.seed = seed
    cohort.paired = true
    cohort.covariates = [
      CovariateSpec(name: "patient.yearsSinceFMP", distribution: .constant(patient.yearsSinceFMP - years), unit: "y", position: position),
      CovariateSpec(name: "age", distribution: .constant(patient.age - years), unit: "y", position: position),
    ]
    var arms: [Arm] = []
    for p in protocols.arms { arms.append(Self.shift(p, by: offset, baseline: patient.baseline, defaults: defaults)) }
    var s = Scenario(
      name: patient.name, description: "Virtual twins of \(patient.name) under the protocols of \(protocols.name)",
      durationDays: offset + horizonDays, outputIntervalDays: offset + horizonDays,
      extraOutputDays: forecastDays.map { $0 + offset }, cohort: cohort, control: protocols.control, arms: arms,
      parameters: protocols.parameters)
    s.historyDays = nil
    s.historyPosition = position
    scenario = s
  }

  /// Scenario day of a date.
  public func scenarioDay(_ date: CivilDate) -> Int { startOffset - date.days(to: patient.asOf) }

  /// A protocol arm that starts `days` after day 0, with her baseline before that (and after,
  /// for whatever the protocol does not set itself).
  static func shift(_ protocolArm: Arm, by days: Int, baseline: Arm?, defaults: [String: (value: Double, unit: String)]) -> Arm {
    var arm = baseline.map { protocolArm.inheriting($0) } ?? protocolArm
    guard days > 0 else { return arm }
    arm.dosing = arm.dosing.map { d in
      var d = d
      d.startDay += Double(days)
      d.stopDay = d.stopDay.map { $0 + Double(days) }
      return d
    }
    // Her own programs run from day 0; the protocol's from `days`.
    let herPrograms = Set(baseline?.exercise.map(\.input) ?? [])
    let protocolPrograms = Set(protocolArm.exercise.map(\.input))
    var exercise: [ExerciseProgram] = []
    var replaced = Set<String>()
    for e in arm.exercise {
      let hers = herPrograms.contains(e.input) && !protocolPrograms.contains(e.input)
      var shifted = e
      if !hers {
        shifted.startDay += days
        shifted.stopDay = e.stopDay.map { $0 + days }
        // Her own program of this type runs until the protocol's replaces it.
        if let mine = baseline?.exercise.first(where: { $0.input == e.input }), !replaced.contains(e.input) {
          var before = mine
          before.stopDay = days
          exercise.append(before)
          replaced.insert(e.input)
        }
      }
      exercise.append(shifted)
    }
    arm.exercise = exercise
    let herCourses = Dictionary((baseline?.timeCourses ?? []).map { ($0.input, $0) }, uniquingKeysWith: { a, _ in a })
    let protocolCourses = Set(protocolArm.timeCourses.map(\.input))
    arm.timeCourses = arm.timeCourses.map { c in
      guard protocolCourses.contains(c.input) else { return c }  // hers, constant from day 0
      var shifted = c
      shifted.points = c.points.map { TimeCourse.Point(day: $0.day + days, value: $0.value) }
      // Before the protocol: her value, else the model's default (in the protocol's unit).
      let before: Double? =
        herCourses[c.input].flatMap { mine in UnitConversion.factor(from: mine.unit, to: c.unit).map { mine.points[0].value * $0 } }
        ?? defaults[c.input].flatMap { d in UnitConversion.factor(from: d.unit, to: c.unit).map { d.value * $0 } }
      // The course's first value holds from `days` (as_of) to its first point, as it holds
      // from day 0 in the protocols file.
      if let first = c.points.first, first.day > 0 {
        shifted.points.insert(TimeCourse.Point(day: days, value: first.value), at: 0)
      }
      if let before {
        let lead = [TimeCourse.Point(day: 0, value: before)] + (c.hold == .linear && days > 1 ? [TimeCourse.Point(day: days - 1, value: before)] : [])
        shifted.points = lead + shifted.points
      }
      return shifted
    }
    return arm
  }
}

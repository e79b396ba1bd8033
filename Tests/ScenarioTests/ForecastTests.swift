import BoneSimCore
import BoneSimIO
@testable import BoneSimScenario
import Foundation
import Testing

@testable import BoneSim

/// Package root (two levels above this file's folder).
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func text(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }

@Suite("bonesim forecast: patient files, design, weights and intervals")
struct ForecastTests {
  // MARK: Dates

  @Test("dates count days like the calendar (epoch, leap days, round trips)")
  func dates() throws {
    #expect(CivilDate(parsing: "1970-01-01")!.dayNumber == 0)
    #expect(CivilDate(parsing: "2000-02-28")!.days(to: CivilDate(parsing: "2000-03-01")!) == 2)  // 2000 is a leap year
    #expect(CivilDate(parsing: "2100-02-28")!.days(to: CivilDate(parsing: "2100-03-01")!) == 1)  // 2100 is not
    #expect(CivilDate(parsing: "2024-01-01")!.days(to: CivilDate(parsing: "2025-01-01")!) == 366)
    #expect(CivilDate(parsing: "2023-02-29") == nil)
    #expect(CivilDate(parsing: "2026-1-01") == nil)
    let start = CivilDate(parsing: "2026-12-01")!
    for k in stride(from: -40_000, through: 40_000, by: 97) {
      let d = start.adding(days: k)
      #expect(start.days(to: d) == k)
      #expect(CivilDate(parsing: d.description) == d)
    }
  }

  // MARK: Patient files

  @Test("the worked example decodes: T-scores become BMD with the named reference")
  func example() throws {
    let p = try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml"), file: "patient.yaml")
    #expect(p.name == "article_patient" && p.age == 52 && p.yearsSinceFMP == 2)
    let ls = p.dxa.first { $0.site == .lumbarSpine && $0.tScore != nil }!
    #expect(abs(ls.bmd - (1.047 - 1.8 * 0.110)) < 1e-12)
    #expect(abs(p.bmi! - 57 / (1.65 * 1.65)) < 1e-9)
    #expect(p.labs.count == 1 && p.labs[0].cv == 0.25)
  }

  @Test("units convert: pmol/L estradiol, nmol/L testosterone, an FMP date, a named reference")
  func units() throws {
    let yaml = """
      name: u
      as_of: 2026-12-01
      age: 55 y
      menopause: {fmp_date: 2021-12-01}
      t_score_reference:
        femoral_neck: {mean: 0.9 g/cm2, sd: 0.1 g/cm2, name: local}
      dxa:
        - {date: 2026-12-01, site: femoral_neck, t_score: -2}
      labs:
        - {date: 2026-12-01, analyte: estradiol, value: 36.71 pmol/L}
        - {date: 2026-12-01, analyte: testosterone, value: 1 nmol/L, cv: 30 %}
      """
    let p = try PatientRecord.decode(yaml: yaml, file: "u.yaml")
    #expect(abs(p.yearsSinceFMP - 1826.0 / 365.25) < 1e-12)
    #expect(abs(p.dxa[0].bmd - 0.7) < 1e-12)
    #expect(abs(p.labs[0].value - 10) < 1e-9)
    #expect(abs(p.labs[1].value - 28.84) < 1e-9 && p.labs[1].cv == 0.3)
  }

  @Test("every problem of a patient file is reported at its line and field")
  func errors() throws {
    let yaml = """
      name: bad
      as_of: 2026-12-01
      age: 52
      menopause: {years_since_fmp: 2 y}
      dxa:
        - {date: 2027-01-01, site: lumbar_spine, t_score: -1.8}
        - {date: 2026-01-01, site: hip, t_score: -1.8}
        - {date: 2026-01-01, site: femoral_neck}
      labs:
        - {date: 2026-01-01, analyte: estradiol, value: 11 pg/dl}
      baseline:
        energy_availability: {unit: kcal/kg FFM/day, hold: step, points: [{day: 0, value: 40}, {day: 30, value: 30}]}
      """
    do {
      _ = try PatientRecord.decode(yaml: yaml, file: "bad.yaml")
      Issue.record("a bad patient file was accepted")
    } catch let error as ScenarioError {
      let lines = error.issues.map { "\($0.position.line) \($0.field)" }
      #expect(lines == ["6 dxa[0].date", "7 dxa[1].site", "8 dxa[2]", "10 labs[0].value", "12 baseline.energy_availability"])
    }
  }

  @Test("a T-score that converts to a BMD outside 0.2 to 2 g/cm2 is refused at its line")
  func tScoreOutsideRange() throws {
    // LS reference 0.3 ± 0.1: T −4 gives −0.1 g/cm2, T −0.5 gives 0.25 (accepted).
    // FN default reference 0.858 ± 0.120: T −6 gives 0.138 g/cm2.
    let yaml = """
      name: t
      as_of: 2026-12-01
      age: 52
      menopause: {years_since_fmp: 2 y}
      t_score_reference:
        lumbar_spine: {mean: 0.3 g/cm2, sd: 0.1 g/cm2, name: odd}
      dxa:
        - {date: 2026-12-01, site: lumbar_spine, t_score: -4}
        - {date: 2026-12-01, site: femoral_neck, t_score: -6}
        - {date: 2026-12-01, site: lumbar_spine, t_score: -0.5}
      """
    do {
      _ = try PatientRecord.decode(yaml: yaml, file: "t.yaml")
      Issue.record("a T-score giving a BMD of −0.1 g/cm2 was accepted")
    } catch let error as ScenarioError {
      #expect(error.issues.map { "\($0.position.file):\($0.position.line) \($0.field)" } == ["t.yaml:8 dxa[0].t_score", "t.yaml:9 dxa[1].t_score"])
      #expect(error.issues.first?.message.contains("-0.1 g/cm2") == true, "\(error)")
      #expect(error.issues.last?.message.contains("0.138 g/cm2") == true, "\(error)")
    }
  }

  @Test("an empty dxa list is refused at its line: at least one scan")
  func emptyDXA() throws {
    let yaml = """
      name: t
      as_of: 2026-12-01
      age: 52
      menopause: {years_since_fmp: 2 y}
      dxa: []
      """
    do {
      let p = try PatientRecord.decode(yaml: yaml, file: "t.yaml")
      Issue.record("accepted with \(p.dxa.count) scans")
    } catch let error as ScenarioError {
      #expect(error.issues.map { "\($0.position.line) \($0.field)" } == ["5 dxa"])
      #expect(error.issues.first?.message.contains("at least one scan") == true, "\(error)")
    }
  }

  // MARK: Design

  @Test("protocols start on as_of; before it every arm holds her baseline")
  func design() throws {
    let patient = try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml"), file: "patient.yaml")
    let protocols = try Scenario.decode(yaml: try text("examples/forecast/protocols.yaml"), file: "protocols.yaml")
    let model = try makeDefaultModel()
    let d = try ForecastDesign(patient: patient, protocols: protocols, inputs: model.inputs, twins: 100, seed: 1, intervalDays: 30)
    let offset = CivilDate(parsing: "2024-11-18")!.days(to: patient.asOf)
    #expect(d.startOffset == offset)
    #expect(d.scenario.durationDays == offset + 730)
    #expect(d.forecastDays.contains(-offset) && d.forecastDays.contains(-11) && d.forecastDays.contains(0) && d.forecastDays.contains(730))
    let training = d.scenario.arms.first { $0.name == "e2_p4_training" }!
    #expect(training.dosing.allSatisfy { $0.startDay == Double(offset) })
    let programs = Dictionary(uniqueKeysWithValues: training.exercise.map { ($0.type, $0) })
    #expect(programs["low_impact"]!.startDay == 0 && programs["low_impact"]!.stopDay == nil)  // hers, throughout
    #expect(programs["high_intensity"]!.startDay == offset)
    let energy = training.timeCourses.first { $0.input == "energy.availability" }!
    #expect(energy.points.map(\.value) == [42])
    // Her covariates on the first record's day.
    let years = Double(offset) / 365.25
    #expect(d.scenario.cohort.covariates.map(\.distribution) == [.constant(2 - years), .constant(52 - years)])
    #expect(d.scenario.cohort.patients == 100 && d.scenario.cohort.paired)
  }

  @Test("a protocol's time course starts on as_of; before it her value (or the model's default) holds")
  func shiftedTimeCourse() throws {
    let her = Arm(
      name: "baseline", description: "", dosing: [], exercise: [],
      timeCourses: [TimeCourse(input: "energy.availability", unit: "kcal/kg FFM/day", hold: .step, points: [.init(day: 0, value: 25)], position: .init(file: "p", line: 1, column: 1), field: "baseline.energy_availability")],
      parameters: [], position: .init(file: "p", line: 1, column: 1))
    let restored = TimeCourse(
      input: "energy.availability", unit: "kcal/kg FFM/day", hold: .linear, points: [.init(day: 0, value: 30), .init(day: 90, value: 45)],
      position: .init(file: "s", line: 1, column: 1), field: "arms.r.energy_availability")
    let calcium = TimeCourse(
      input: "nutrition.calcium", unit: "mg/day", hold: .step, points: [.init(day: 0, value: 1500)], position: .init(file: "s", line: 2, column: 1),
      field: "arms.r.nutrition.calcium")
    let arm = Arm(name: "r", description: "", dosing: [], exercise: [], timeCourses: [restored, calcium], parameters: [], position: .init(file: "s", line: 1, column: 1))
    let shifted = ForecastDesign.shift(arm, by: 100, baseline: her, defaults: ["nutrition.calcium": (1000, "mg/day")])
    let energy = shifted.timeCourses.first { $0.input == "energy.availability" }!
    #expect(energy.points.map(\.day) == [0, 99, 100, 190] && energy.points.map(\.value) == [25, 25, 30, 45])
    #expect((0..<100).allSatisfy { energy.value(onDay: $0) == 25 } && energy.value(onDay: 145) == 37.5)
    let ca = shifted.timeCourses.first { $0.input == "nutrition.calcium" }!
    #expect(ca.value(onDay: 50) == 1000 && ca.value(onDay: 100) == 1500)
  }

  @Test("a protocol course whose first point is after day 0 holds its first value from as_of, step and linear")
  func shiftedLateTimeCourse() throws {
    let pos = SourcePosition(file: "s", line: 1, column: 1)
    let her = Arm(
      name: "baseline", description: "", dosing: [], exercise: [],
      timeCourses: [TimeCourse(input: "energy.availability", unit: "kcal/kg FFM/day", hold: .step, points: [.init(day: 0, value: 25)], position: pos, field: "baseline.energy_availability")],
      parameters: [], position: pos)
    // In the protocols file: 40 from its day 0 (the first value holds before day 30), 35 from day 60.
    let step = TimeCourse(
      input: "energy.availability", unit: "kcal/kg FFM/day", hold: .step, points: [.init(day: 30, value: 40), .init(day: 60, value: 35)],
      position: pos, field: "arms.r.energy_availability")
    let arm = Arm(name: "r", description: "", dosing: [], exercise: [], timeCourses: [step], parameters: [], position: pos)
    let e = ForecastDesign.shift(arm, by: 100, baseline: her, defaults: [:]).timeCourses.first { $0.input == "energy.availability" }!
    #expect([0, 50, 99].allSatisfy { e.value(onDay: $0) == 25 })  // her value before as_of (day 100)
    #expect([100, 115, 129, 130, 159].allSatisfy { e.value(onDay: $0) == 40 }, "\(e.points)")
    #expect(e.value(onDay: 160) == 35 && e.value(onDay: 400) == 35)
    // Linear: 40 at protocol days 0 … 30, then towards 45 at day 90 (42.5 at day 60).
    var linear = step
    linear.hold = .linear
    linear.points = [.init(day: 30, value: 40), .init(day: 90, value: 45)]
    let l = ForecastDesign.shift(
      Arm(name: "r", description: "", dosing: [], exercise: [], timeCourses: [linear], parameters: [], position: pos), by: 100, baseline: her,
      defaults: [:]
    ).timeCourses.first { $0.input == "energy.availability" }!
    #expect(l.value(onDay: 0) == 25 && l.value(onDay: 99) == 25)
    #expect(l.value(onDay: 100) == 40 && l.value(onDay: 120) == 40 && l.value(onDay: 130) == 40)
    #expect(l.value(onDay: 160) == 42.5 && l.value(onDay: 190) == 45)
  }

  @Test("a protocol arm with parameters: is refused at its line (it would act before as_of)")
  func protocolParametersRefused() throws {
    let protocols = """
      name: p
      duration_days: 365
      output_interval_days: 30
      cohort:
        patients: 10
        seed: 1
      control: none
      arms:
        none: {}
        tweak:
          parameters:
            estrogen.RANKLExcess: 400
      """
    let scenario = try Scenario.decode(yaml: protocols, file: "p.yaml")
    let patient = try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml"), file: "patient.yaml")
    do {
      _ = try ForecastDesign(patient: patient, protocols: scenario, inputs: try makeDefaultModel().inputs, twins: 10, seed: 1, intervalDays: 30)
      Issue.record("a protocol with parameter overrides was accepted")
    } catch let error as ScenarioError {
      #expect(error.issues.map { "\($0.position.file):\($0.position.line) \($0.field)" } == ["p.yaml:12 arms.tweak.parameters.estrogen.RANKLExcess"])
      #expect(error.issues.first?.message.contains("as_of") == true, "\(error)")
    }
  }

  /// A woman whose records are all dated on as_of, and protocols whose control arm sets energy availability.
  static let todayPatient = """
    name: today
    as_of: 2026-12-01
    age: 52
    menopause: {years_since_fmp: 2 y}
    dxa:
      - {date: 2026-12-01, site: lumbar_spine, bmd: 0.85 g/cm2}
    baseline:
      energy_availability: 45 kcal/kg FFM/day
    """
  static func controlEnergy(_ value: Int) -> String {
    """
    name: p
    duration_days: 180
    output_interval_days: 180
    cohort:
      patients: 10
      seed: 1
      variability:
        iiv.turnover: {cv: 0.3}
    control: low
    arms:
      low:
        energy_availability: \(value) kcal/kg FFM/day
    """
  }

  @Test("records all dated on as_of: the trial starts the day before, and the past is hers, not the control protocol's")
  func allRecordsOnAsOf() throws {
    let patient = try PatientRecord.decode(yaml: Self.todayPatient, file: "today.yaml")
    let model = try makeDefaultModel()
    func design(_ energy: Int) throws -> ForecastDesign {
      try ForecastDesign(
        patient: patient, protocols: try Scenario.decode(yaml: Self.controlEnergy(energy), file: "p.yaml"), inputs: model.inputs, twins: 20,
        seed: 2, intervalDays: 90)
    }
    let low = try design(15), usual = try design(45)
    #expect(low.startOffset == 1)
    #expect(low.forecastDays == [0, 90, 180])  // no past rows: she has no earlier record
    // The history run-in holds the control arm's inputs of scenario day 0: hers.
    let energy = low.scenario.arms[0].timeCourses.first { $0.input == "energy.availability" }!
    #expect(energy.value(onDay: 0) == 45 && energy.value(onDay: 1) == 15)
    // Her BMD on as_of is the same whatever the protocol; it differs at the horizon.
    let a = try TwinTrajectories.simulate(low.scenario, variables: ["bmd.lumbar_spine"], threads: 1)
    let b = try TwinTrajectories.simulate(usual.scenario, variables: ["bmd.lumbar_spine"], threads: 1)
    let today = a.dayIndex(1)!, horizon = a.dayIndex(181)!
    #expect(Array(a.column(arm: 0, day: today, variable: 0)) == Array(b.column(arm: 0, day: today, variable: 0)))
    #expect(Array(a.column(arm: 0, day: horizon, variable: 0)) != Array(b.column(arm: 0, day: horizon, variable: 0)))
  }

  @Test("a forecast that would not fit in memory is refused before anything runs")
  func memoryRefusal() throws {
    let patient = try PatientRecord.decode(yaml: Self.todayPatient, file: "today.yaml")
    let design = try ForecastDesign(
      patient: patient, protocols: try Scenario.decode(yaml: Self.controlEnergy(45), file: "p.yaml"), inputs: try makeDefaultModel().inputs,
      twins: 2000, seed: 2, intervalDays: 1)
    do {
      _ = try Forecast.make(design, threads: 1, minimumEffectiveSize: 1, maxMemoryGB: 0.01)
      Issue.record("a forecast was made with 10 MB")
    } catch RunError.insufficientMemory(let estimate) {
      #expect(estimate.subject == "this forecast" && estimate.availableSource == "--max-memory" && estimate.bytes > 0.01e9)
      #expect(estimate.refusal.contains("2000 twins"), "\(estimate.refusal)")
    }
  }

  // MARK: Weights

  @Test("weighted quantiles: equal weights give the sample's type-1 quantiles")
  func weightedSample() {
    let x = (0..<101).map { Double(($0 * 37) % 101) }
    let s = WeightedSample(values: x, weights: [Double](repeating: 1, count: 101))!
    #expect(s.quantile(0.5) == 50 && s.quantile(0.05) == 5 && s.quantile(1) == 100)
    #expect(abs(s.probability(atOrBelow: 9.5) - 10.0 / 101) < 1e-12)
    #expect(WeightedSample.effectiveSize([Double](repeating: 0.5, count: 40)) == 40)
    // All weight on one value: every quantile is that value.
    let one = WeightedSample(values: [3, 1, 2, .nan], weights: [0, 0, 1, 1])!
    #expect(one.quantile(0.05) == 2 && one.quantile(0.95) == 2)
  }

  /// Twins whose LS BMD changes linearly at slope `k·s` %/day (k = twin) and whose estradiol is `10 + k`.
  static func linearTwins(_ n: Int, slope: Double, days: [Int]) -> TwinTrajectories {
    var values: [Double] = []
    for t in days.indices {
      for v in Forecast.variables.indices {
        for k in 0..<n {
          switch v {
          case 0: values.append(slope * Double(k) * Double(days[t]))
          case 2: values.append(10 + Double(k))
          default: values.append(0)
          }
        }
      }
    }
    return TwinTrajectories(arms: ["control"], days: days, variables: Forecast.variables, twins: n, values: values, flagged: 0)
  }

  @Test("series weights equal the level-integrated likelihood, computed here independently")
  func seriesWeights() {
    let days = [0, 100, 200]
    let traj = Self.linearTwins(5, slope: -0.01, days: days)
    let date = CivilDate(parsing: "2026-01-01")!
    let obs = [
      Observation(kind: .dxa(.lumbarSpine), day: 0, date: date, value: 0.90, cv: 0.01),
      Observation(kind: .dxa(.lumbarSpine), day: 200, date: date.adding(days: 200), value: 0.891, cv: 0.01),
      Observation(kind: .lab(.estradiol), day: 100, date: date.adding(days: 100), value: 12, cv: 0.25),
    ]
    let c = Conditioning(traj, observations: obs, arm: 0)
    let s2 = Foundation.log(1 + 0.01 * 0.01), e2 = Foundation.log(1 + 0.25 * 0.25)
    var expected: [Double] = []
    for k in 0..<5 {
      // Two scans with equal errors: (y1 − ȳ)² + (y2 − ȳ)² = (y1 − y2)²/2.
      let y1 = Foundation.log(0.90), y2 = Foundation.log(0.891) - Foundation.log(1 - 0.01 * Double(k) * 200 / 100)
      let lab = Foundation.log(12) - Foundation.log(10 + Double(k))
      expected.append(Foundation.exp(-0.5 * (y1 - y2) * (y1 - y2) / 2 / s2 - 0.5 * lab * lab / e2))
    }
    let total = expected.reduce(0, +)
    for k in 0..<5 { #expect(abs(c.weights[k] - expected[k] / total) < 1e-12) }
    // Her level at day 0 given twin k: the mean of the two log-levels, sd σ/√2.
    let level = c.levels[.lumbarSpine]!
    #expect(abs(level.sd - (s2 / 2).squareRoot()) < 1e-15)
    #expect(abs(level.mean[0] - (Foundation.log(0.90) + Foundation.log(0.891)) / 2) < 1e-12)
    // A single marker value carries no weight.
    let single = Conditioning(traj, observations: [Observation(kind: .lab(.ctx), day: 100, date: date, value: 0.4, cv: 0.2)], arm: 0)
    #expect(single.weights.allSatisfy { abs($0 - 0.2) < 1e-15 })
  }

  @Test("p_loss_ge_lsc is P(true change ≤ −LSC) from as_of on, nan on past days")
  func lossProbability() throws {
    var patient = try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml"), file: "patient.yaml")
    patient.labs = []  // her DXA series alone weighs the twins
    var protocols = try Scenario.decode(yaml: try text("examples/forecast/protocols.yaml"), file: "protocols.yaml")
    protocols.arms = protocols.arms.filter { $0.name == "no_treatment" }
    let model = try makeDefaultModel()
    let design = try ForecastDesign(patient: patient, protocols: protocols, inputs: model.inputs, twins: 100, seed: 1, intervalDays: 365)
    #expect(design.forecastDays.contains { $0 < 0 })
    // Twin k's LS BMD changes by −0.0002·k % a day from scenario day 0.
    let slope = -0.0002
    let traj = Self.linearTwins(100, slope: slope, days: design.forecastDays.map { $0 + design.startOffset })
    let cond = Conditioning(traj, observations: Forecast.observations(design), arm: 0)
    let forecast = Forecast(design: design, trajectories: traj, conditioning: cond, rows: Forecast.summarise(design, traj, cond))
    for r in forecast.rows where r.day < 0 { #expect(r.probabilityLoss == nil, "\(r.variable) \(r.site) day \(r.day)") }
    let lines = forecast.csv().split(separator: "\n").dropFirst()
    let past = lines.filter { Int($0.split(separator: ",")[1])! < 0 }
    #expect(!past.isEmpty && past.allSatisfy { $0.hasSuffix(",nan") })
    // At the horizon: the weight of twins whose change since as_of is at most −2.77 × 1 %.
    let o = Double(design.startOffset), h = Double(design.horizonDays)
    var expected = 0.0
    for k in 0..<100 {
      let change = 100 * ((1 + slope * Double(k) * (o + h) / 100) / (1 + slope * Double(k) * o / 100) - 1)
      if change <= -2.77 { expected += cond.weights[k] }
    }
    expected /= cond.weights.reduce(0, +)
    #expect(expected > 0.05 && expected < 0.95)  // neither all nor none: the test can fail
    let row = forecast.rows.first { $0.day == design.horizonDays && $0.variable == "bmd" && $0.site == "lumbar_spine" }!
    #expect(abs(row.probabilityLoss! - expected) < 1e-9, "\(row.probabilityLoss!) vs \(expected)")
    #expect(forecast.rows.first { $0.day == 0 && $0.variable == "bmd" && $0.site == "lumbar_spine" }!.probabilityLoss == 0)
  }

  @Test("z_score rows: her BMD against the age-matched table at her age on each day; none without a table")
  func zScores() throws {
    let table = """

      z_score_reference:
        lumbar_spine:
          name: test table
          by_age:
            - {age: 50 y, mean: 0.95 g/cm2, sd: 0.12 g/cm2}
            - {age: 56 y, mean: 0.89 g/cm2, sd: 0.13 g/cm2}
      """
    let patient = try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml") + table, file: "patient.yaml")
    let reference = try #require(patient.zScoreReference[.lumbarSpine])
    #expect(patient.zScoreReference[.femoralNeck] == nil)
    var protocols = try Scenario.decode(yaml: try text("examples/forecast/protocols.yaml"), file: "protocols.yaml")
    protocols.arms = protocols.arms.filter { $0.name == "no_treatment" }
    let model = try makeDefaultModel()
    let design = try ForecastDesign(patient: patient, protocols: protocols, inputs: model.inputs, twins: 100, seed: 1, intervalDays: 365)
    let traj = Self.linearTwins(100, slope: -0.0002, days: design.forecastDays.map { $0 + design.startOffset })
    let cond = Conditioning(traj, observations: Forecast.observations(design), arm: 0)
    let rows = Forecast.summarise(design, traj, cond)
    #expect(!rows.contains { $0.variable == "z_score" && $0.site == "femoral_neck" })
    var checked = 0
    for z in rows where z.variable == "z_score" {
      let bmd = rows.first { $0.variable == "bmd" && $0.site == z.site && $0.day == z.day }!
      // Her age on the day, and the table read by hand: linear between 50 and 56 y, held
      // outside (52 y on as_of; her first scan was at 49.97 y).
      let age = 52 + Double(z.day) / 365.25
      let w = Swift.min(Swift.max((age - 50) / 6, 0), 1)
      let mean = 0.95 + w * (0.89 - 0.95), sd = 0.12 + w * (0.13 - 0.12)
      #expect(z.unit == "SD")
      for (a, b) in [(z.median, bmd.median), (z.p05, bmd.p05), (z.p95, bmd.p95)] {
        #expect(abs(a - (b - mean) / sd) < 1e-9, "day \(z.day): \(a) vs \((b - mean) / sd)")
      }
      checked += 1
    }
    #expect(checked == design.forecastDays.count)
    #expect(design.forecastDays.contains { 52 + Double($0) / 365.25 < 50 })  // the first scan, held at 50 y
    #expect(reference.reference(age: 40).mean == 0.95 && reference.reference(age: 70).mean == 0.89)
    // Sites are the patient file's: an unknown one is refused at its line.
    let bad = table.replacingOccurrences(of: "lumbar_spine:", with: "spine:")
    #expect(throws: ScenarioError.self) { try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml") + bad, file: "p.yaml") }
  }

  // MARK: Simulated twins (small cohorts: the full check is `bonesim forecast --coverage` in `make test`)

  @Test("a woman whose data are the cohort's median gets the cohort's median forecast")
  func medianTwin() throws {
    let protocols = try Scenario.decode(yaml: try text("examples/forecast/protocols.yaml"), file: "protocols.yaml")
    var short = protocols
    short.arms = protocols.arms.filter { $0.name == "no_treatment" || $0.name == "e2_p4" }
    short.durationDays = 365
    var patient = try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml"), file: "patient.yaml")
    patient.labs = []
    let model = try makeDefaultModel()
    let twins = 400
    let design = try ForecastDesign(patient: patient, protocols: short, inputs: model.inputs, twins: twins, seed: 3, intervalDays: 365)
    let traj = try TwinTrajectories.simulate(design.scenario, variables: Forecast.variables, threads: 2)
    // Her scans: the cohort's median relative BMD at each scan day, times a level.
    func median(_ xs: ArraySlice<Double>) -> Double { let s = xs.sorted(); return s[s.count / 2] }
    var observations: [Observation] = []
    for o in Forecast.observations(design) {
      let c = traj.column(arm: 0, day: traj.dayIndex(o.day)!, variable: traj.index(of: o.variable)!)
      observations.append(Observation(kind: o.kind, day: o.day, date: o.date, value: 0.8 * (1 + median(c) / 100), cv: 0.01))
    }
    let cond = Conditioning(traj, observations: observations, arm: 0)
    #expect(cond.effectiveSize > 50)
    let horizon = traj.dayIndex(design.startOffset + 365)!
    let today = traj.dayIndex(design.startOffset)!
    for arm in 0..<2 {
      let v = traj.index(of: "bmd_pct_change.lumbar_spine")!
      let now = traj.column(arm: arm, day: today, variable: v), then = traj.column(arm: arm, day: horizon, variable: v)
      let change = (0..<twins).map { 100 * ((1 + then[then.startIndex + $0] / 100) / (1 + now[now.startIndex + $0] / 100) - 1) }
      let sorted = change.sorted()
      let cohortMedian = sorted[twins / 2], iqr = sorted[3 * twins / 4] - sorted[twins / 4]
      let weighted = WeightedSample(values: change, weights: cond.weights)!.quantile(0.5)
      #expect(abs(weighted - cohortMedian) < 0.25 * iqr, "arm \(arm): weighted median \(weighted), cohort median \(cohortMedian), IQR \(iqr)")
    }
  }

  @Test("earlier scans narrow the intervals, and the intervals hold the truth about as often as they say")
  func coverageSmall() throws {
    let protocols = try Scenario.decode(yaml: try text("examples/forecast/protocols.yaml"), file: "protocols.yaml")
    var short = protocols
    short.arms = protocols.arms.filter { $0.name == "no_treatment" || $0.name == "e2_p4" }
    short.durationDays = 365
    let patient = try PatientRecord.decode(yaml: try text("examples/forecast/patient.yaml"), file: "patient.yaml")
    let model = try makeDefaultModel()
    let (twins, truths) = (400, 80)
    let design = try ForecastDesign(patient: patient, protocols: short, inputs: model.inputs, twins: twins + truths, seed: 5, intervalDays: 365)
    let report = try ForecastCoverage.run(design, twins: twins, truths: truths, threads: 2, minimumEffectiveSize: 10)
    #expect(report.refused * 10 < truths)
    for c in report.cells {
      #expect(c.width90 < c.width90LatestOnly, "\(c.protocolName) \(c.site): \(c.width90) vs \(c.width90LatestOnly)")
    }
    // Pooled over protocols and sites (cells share women, so n is one cell's count: a loose
    // check at this size; `make test` checks every cell over 200 women with 2000 twins).
    let pooled90 = report.cells.map(\.coverage90).reduce(0, +) / Double(report.cells.count)
    let pooled50 = report.cells.map(\.coverage50).reduce(0, +) / Double(report.cells.count)
    let women = report.cells[0].women
    #expect(ForecastCoverage.withinBinomial(pooled90, n: women, p: 0.9, z: 3), "pooled 90 % coverage \(pooled90) over \(women) women")
    #expect(ForecastCoverage.withinBinomial(pooled50, n: women, p: 0.5, z: 3), "pooled 50 % coverage \(pooled50) over \(women) women")
  }
}

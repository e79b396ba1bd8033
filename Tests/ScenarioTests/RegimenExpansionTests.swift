import BoneSimCore
import BoneSimPhysiology
@testable import BoneSimScenario
import Testing

/// Decodes a one-arm scenario around `arm` (YAML lines indented for the arm body) and binds it.
func plan(arm: String, patients: Int = 1, duration: Int = 60, covariates: String = "") throws -> ScenarioPlan {
  let yaml = """
    name: t
    duration_days: \(duration)
    output_interval_days: 10
    cohort:
      patients: \(patients)
      seed: 7
    \(covariates)
    control: a
    arms:
      a:
    \(arm)
    """
  let scenario = try Scenario.decode(yaml: yaml, file: "test.yaml")
  let model = LinearTestModel()
  return try ScenarioPlan(scenario, inputs: model.inputs, parameters: model.parameters)
}

/// Input column `column` of patient `patient` on days `0 ..< days`.
func inputSeries(_ plan: ScenarioPlan, arm: Int = 0, column: Int, patient: Int = 0, days: Int) -> [Double] {
  inputSeries(plan, arm: arm, column: column, patients: [patient], days: days)[0]
}

/// Input column `column` of each of `patients` on days `0 ..< days` (one schedule for all).
func inputSeries(_ plan: ScenarioPlan, arm: Int = 0, column: Int, patients: [Int], days: Int) -> [[Double]] {
  let chunk = CohortChunk(plan: plan.cohort, first: 0, count: plan.cohort.patients)
  let schedule = ArmSchedule(chunk: chunk, arm: plan.arms[arm], cohort: plan.cohort)
  let bs = chunk.baseline.layout.blockSize
  let buffer = AlignedBuffer(count: plan.inputs.count * bs)
  var out = [[Double]](repeating: [], count: patients.count)
  for d in 0..<days {
    for (i, patient) in patients.enumerated() {
      schedule.fill(day: d, block: patient / bs, blockSize: bs, into: buffer.pointer)
      out[i].append(buffer.pointer[column * bs + patient % bs])
    }
  }
  return out
}

@Suite("Regimen expansion into daily input columns")
struct RegimenExpansionTests {
  @Test("a patch changed every 3.5 days and worn 3.5 days delivers its rate every day")
  func patch() throws {
    let p = try plan(arm: "    dosing: [{agent: test, route: oral, input: dose.test, rate: 50 ug/day, interval: 3.5 days, wear: 3.5 days}]")
    // Days 0 ... 60: the last day (the horizon) is an output day and must still be dosed.
    let v = inputSeries(p, column: 0, days: 61)
    // 50 ug/day = 0.05 mg/day in the column's unit.
    for (d, x) in v.enumerated() { #expect(abs(x - 0.05) < 1e-15, "day \(d)") }
  }

  @Test("a patch worn half of each day delivers half the daily rate; stop_day ends it")
  func partialWear() throws {
    let p = try plan(arm: "    dosing: [{input: dose.test, agent: test, route: oral, rate: 2 mg/day, interval: 1 day, wear: 12 h, stop_day: 10}]")
    let v = inputSeries(p, column: 0, days: 12)
    #expect(v == [Double](repeating: 1, count: 10) + [0, 0])
  }

  @Test("cyclic progesterone: 12 days on, 16 off, from day 0")
  func cycle() throws {
    let p = try plan(arm: "    dosing: [{input: dose.test, agent: p, route: oral, dose: 200 mg, interval: 1 day, cycle: {on_for: 12 days, off_for: 16 days}}]")
    let v = inputSeries(p, column: 0, days: 60)
    for d in 0..<60 { #expect(v[d] == (d % 28 < 12 ? 200 : 0), "day \(d)") }
  }

  @Test("weekly injections: count limits the number, start_day shifts them")
  func weekly() throws {
    let p = try plan(arm: "    dosing: [{input: dose.test, agent: t, route: sc, dose: 10 mg, interval: 1 week, start_day: 3, count: 3}]")
    let v = inputSeries(p, column: 0, days: 40)
    for d in 0..<40 { #expect(v[d] == ([3, 10, 17].contains(d) ? 10 : 0), "day \(d)") }
  }

  @Test("exercise: sessions/week held over the program's days")
  func exercise() throws {
    let p = try plan(arm: "    exercise: [{type: test, sessions_per_week: 3, start_day: 7, stop_day: 21}]")
    let v = inputSeries(p, column: 4, days: 30)
    for d in 0..<30 { #expect(v[d] == ((7..<21).contains(d) ? 3 : 0), "day \(d)") }
  }

  @Test("time courses: step holds the last value, linear interpolates, both hold after the last point")
  func timeCourses() throws {
    let step = try plan(arm: "    energy_availability: {unit: kcal/kg FFM/day, hold: step, points: [{day: 0, value: 20}, {day: 10, value: 40}]}")
    let linear = try plan(arm: "    energy_availability: {unit: kcal/kg FFM/day, hold: linear, points: [{day: 0, value: 20}, {day: 10, value: 40}]}")
    let s = inputSeries(step, column: 3, days: 15)
    let l = inputSeries(linear, column: 3, days: 15)
    for d in 0..<15 {
      #expect(s[d] == (d < 10 ? 20 : 40))
      #expect(abs(l[d] - (d < 10 ? 20 + 2 * Double(d) : 40)) < 1e-12)
    }
  }

  @Test("adherence: the share of doses taken is close to the adherence, and the same regimen in two arms misses the same doses")
  func adherence() throws {
    let yaml = """
      name: t
      duration_days: 200
      output_interval_days: 10
      cohort: {patients: 500, seed: 11}
      control: a
      arms:
        a:
          dosing: [{input: dose.test, agent: x, route: oral, dose: 1 mg, interval: 1 day, adherence: 0.7}]
        b:
          dosing: [{input: dose.test, agent: x, route: oral, dose: 1 mg, interval: 1 day, adherence: 0.7}]
          exercise: [{type: test, sessions_per_week: 2}]
      """
    let model = LinearTestModel()
    let p = try ScenarioPlan(Scenario.decode(yaml: yaml, file: "t.yaml"), inputs: model.inputs, parameters: model.parameters)
    var taken = 0.0
    let a = inputSeries(p, arm: 0, column: 0, patients: Array(0..<500), days: 200)
    let b = inputSeries(p, arm: 1, column: 0, patients: Array(0..<500), days: 200)
    for patient in 0..<500 {
      #expect(a[patient] == b[patient])
      taken += a[patient].reduce(0, +)
    }
    let share = taken / (500 * 200)
    let standardError = (0.7 * 0.3 / (500 * 200)).squareRoot()
    #expect(abs(share - 0.7) < 4 * standardError, "share taken \(share)")
  }
}

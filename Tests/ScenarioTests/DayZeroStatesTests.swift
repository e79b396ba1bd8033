@testable import BoneSim
import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation
import Testing

/// A sweep's design points share a day-0 state only when its history is the same
/// (`DayZeroStates`): a point that reuses one writes the bytes it writes when it solves its
/// own, and a change to anything the history reads is solved afresh.
@Suite("Day-0 states shared between design points")
struct DayZeroStatesTests {
  /// Women around the final menstrual period (a history of about six years before day 0),
  /// untreated against an estradiol patch; each argument changes one thing a sweep axis could.
  static func yaml(
    patients: Int = 64, dose: String = "50 ug/day", fmpMax: Double = 1, controlEnergy: Double = 45, historyDays: Int? = nil,
    parameters: String = "", controlParameters: String = "", controlDose: Bool = false
  ) -> String {
    """
    name: day_zero
    duration_days: 60
    output_interval_days: 30
    \(historyDays.map { "history_days: \($0)" } ?? "")
    \(parameters)
    cohort:
      patients: \(patients)
      seed: 7
      covariates:
        patient.yearsSinceFMP: {distribution: uniform, min: 0, max: \(fmpMax), unit: y}
      variability:
        iiv.turnover: {cv: 0.3}
    control: untreated
    arms:
      untreated:
        energy_availability: \(controlEnergy) kcal/kg FFM/day
    \(controlParameters)
    \(controlDose ? "    dosing: [{agent: estradiol, route: transdermal, rate: 25 ug/day, interval: 3.5 days, wear: 3.5 days}]" : "")
      patch:
        energy_availability: 45 kcal/kg FFM/day
        dosing: [{agent: estradiol, route: transdermal, rate: \(dose), interval: 3.5 days, wear: 3.5 days}]
    """
  }

  /// summary.csv and effects.csv of `yaml`, run with `states` (or none).
  func run(_ yaml: String, states: DayZeroStates?, threads: Int = 1) throws -> [String: Data] {
    let scenario = try Scenario.decode(yaml: yaml, file: "day_zero.yaml")
    let run = try ScenarioRun(scenario: scenario, model: makeDefaultModel(), stepper: defaultStepper, substepsPerDay: 1)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let outputs = try RunOutputs(directory: dir, perPatient: false)
    _ = try run.run(into: outputs, execution: threads > 1 ? .threads(threads) : .serial, dayZeroStates: states)
    _ = try outputs.commit()
    var files: [String: Data] = [:]
    for name in ["summary.csv", "effects.csv"] {
      files[name] = try Data(contentsOf: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(name)))
    }
    return files
  }

  @Test("a point that changes a treatment arm reuses the state, one per chunk, and writes the bytes of a fresh solve")
  func reusedWhenHistoryIsTheSame() throws {
    for (patients, chunks) in [(64, 1), (2100, 2)] {
      let states = DayZeroStates()
      _ = try run(Self.yaml(patients: patients), states: states)
      #expect(states.reuses == 0)
      let variant = Self.yaml(patients: patients, dose: "100 ug/day")
      let shared = try run(variant, states: states, threads: 2)
      #expect(states.reuses == chunks)
      let fresh = try run(variant, states: nil)
      #expect(shared == fresh)
      // The variant's rows are its own, not the first point's.
      if chunks == 1 { #expect(fresh != (try run(Self.yaml(patients: patients), states: nil))) }
    }
    // Doses of the control arm do not reach the history (no doses before day 0).
    let states = DayZeroStates()
    _ = try run(Self.yaml(), states: states)
    let dosed = try run(Self.yaml(controlDose: true), states: states)
    #expect(states.reuses == 1)
    #expect(dosed == (try run(Self.yaml(controlDose: true), states: nil)))
  }

  /// `reused`: states of the variant's override groups that the change leaves alone (a
  /// parameter of the control arm gives that arm a model of its own; the treatment arm keeps
  /// the base model, and its day-0 state, which reads the control arm's inputs, is reused).
  @Test(
    "a change to what the history reads is solved afresh",
    arguments: [
      ("cohort covariate", Self.yaml(fmpMax: 2), 0),
      ("control arm's day-0 energy availability", Self.yaml(controlEnergy: 25), 0),
      ("history length", Self.yaml(historyDays: 3000), 0),
      ("scenario parameter", Self.yaml(parameters: "parameters: {estrogen.halfEffect: 0.2}"), 0),
      ("control arm parameter", Self.yaml(controlParameters: "    parameters: {estrogen.halfEffect: 0.2}"), 1),
    ])
  func solvedWhenHistoryDiffers(change: String, variant: String, reused: Int) throws {
    let states = DayZeroStates()
    let base = try run(Self.yaml(), states: states)
    let shared = try run(variant, states: states)
    #expect(states.reuses == reused, "\(change)")
    let fresh = try run(variant, states: nil)
    #expect(shared == fresh, "\(change)")
    #expect(fresh != base, "\(change) changes nothing: not a test of the key")
  }

  @Test("a budget of 0 keeps no state, and the rows are the same")
  func zeroBudget() throws {
    let states = DayZeroStates(budget: 0)
    _ = try run(Self.yaml(), states: states)
    let again = try run(Self.yaml(), states: states)
    #expect(states.reuses == 0)
    #expect(again == (try run(Self.yaml(), states: nil)))
  }
}

@Suite("Day-0 state budget of a sweep")
struct DayZeroBudgetTests {
  func estimate(bytes: Double, available: Double) -> MemoryEstimate {
    MemoryEstimate(bytes: bytes, available: (available, "test"), detail: "", advice: "")
  }

  @Test("256 MiB when memory is plentiful or unknown, half of what the running points leave when less, 0 when nothing is left")
  func budget() {
    let base = MemoryEstimate.baseBytes
    #expect(SweepRunner.dayZeroBudget(largest: nil, concurrent: 1) == 0)
    #expect(SweepRunner.dayZeroBudget(largest: estimate(bytes: 1e8, available: 64e9), concurrent: 2) == DayZeroStates.defaultBudget)
    #expect(SweepRunner.dayZeroBudget(largest: estimate(bytes: 1e8, available: .infinity), concurrent: 1) == DayZeroStates.defaultBudget)
    // Two points of 100 MB each (base counted once) leave 5e8 − (2·(1e8 − base) + base).
    let left = 5e8 - (2 * (1e8 - base) + base)
    #expect(SweepRunner.dayZeroBudget(largest: estimate(bytes: 1e8, available: 5e8), concurrent: 2) == Int(left / 2))
    #expect(Int(left / 2) < DayZeroStates.defaultBudget)
    #expect(SweepRunner.dayZeroBudget(largest: estimate(bytes: 1e8, available: 1.5e8), concurrent: 2) == 0)
  }
}

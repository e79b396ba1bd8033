import BoneSim
import BoneSimCore
import BoneSimIO
import BoneSimScenario
import Foundation
import Testing

/// Runs `yaml` on the linear test model into a fresh folder and returns summary and effects rows
/// (header dropped, split on commas).
func runLinear(_ yaml: String, threads: Int = 1) throws -> (summary: [[String]], effects: [[String]]) {
  let scenario = try Scenario.decode(yaml: yaml, file: "test.yaml")
  let run = try ScenarioRun(scenario: scenario, model: LinearTestModel(), stepper: RungeKutta4(), substepsPerDay: 1)
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-test-\(UUID().uuidString)").path
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let outputs = try RunOutputs(directory: dir, perPatient: false)
  _ = try run.run(into: outputs, execution: threads > 1 ? .threads(threads) : .serial)
  _ = try outputs.commit()
  func rows(_ f: String) throws -> [[String]] {
    try String(contentsOfFile: (dir as NSString).appendingPathComponent(f), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  }
  return (try rows("summary.csv"), try rows("effects.csv"))
}

@Suite("Pipeline on a linear model with a closed form")
struct PipelineTests {
  static func scenario(patients: Int, armB: String, seed: Int = 1) -> String {
    """
    name: linear
    duration_days: 60
    output_interval_days: 20
    cohort:
      patients: \(patients)
      seed: \(seed)
      covariates:
        patient.scale: {distribution: uniform, min: 1, max: 3}
    control: a
    arms:
      a:
        dosing: [{input: dose.test, agent: x, route: oral, dose: 2 mg, interval: 1 day}]
      b:
    \(armB)
    """
  }

  @Test("summary mean and median equal the closed form x(t) = s·(u/k)(1 − e^(−kt)) over the drawn s")
  func closedForm() throws {
    let yaml = Self.scenario(patients: 3000, armB: "    dosing: [{input: dose.test, agent: x, route: oral, dose: 2 mg, interval: 1 day}]")
    let (summary, _) = try runLinear(yaml)
    let scenario = try Scenario.decode(yaml: yaml, file: "t")
    let model = LinearTestModel()
    let plan = try ScenarioPlan(scenario, inputs: model.inputs, parameters: model.parameters)
    // The drawn scales, sorted (the cohort spans two chunks of the runner).
    let s = (0..<3000).map { CohortChunk(plan: plan.cohort, first: $0, count: 1).baseline[0, 1] }.sorted()
    let meanS = s.reduce(0, +) / 3000
    let k = 0.1, u = 2.0
    /// RK4 with one step a day on this linear ODE is exact to ~(k·h)⁵/120 ≈ 1e-7 per step.
    let tolerance = 1e-6
    for row in summary where row[1] == "a" && row[3] == "x" {
      let t = Double(row[2])!
      let g = u / k * (1 - Foundation.exp(-k * t))
      #expect(Int(row[6]) == 3000)
      #expect(abs(Double(row[7])! - meanS * g) <= tolerance * max(meanS * g, 1e-3), "day \(t) mean")
      // 3000 patients exceed the sketch's capacity: the median's rank is within the bound.
      guard t > 0 else { continue }  // x(0) = 0 for everyone
      let median = Double(row[11])! / g
      let rank = Double(s.filter { $0 < median }.count)
      let bound = Double(3000) / Double(QuantileSketch.defaultCapacity) + 1
      #expect(abs(rank - 0.5 * 2999) <= bound + 1, "day \(t) median rank \(rank)")
    }
  }

  @Test("arms that are identical report a zero difference with a zero-width interval")
  func identicalArms() throws {
    let (_, effects) = try runLinear(Self.scenario(patients: 500, armB: "    dosing: [{input: dose.test, agent: x, route: oral, dose: 2 mg, interval: 1 day}]"))
    #expect(!effects.isEmpty)
    for row in effects {
      #expect(row[6] == "0.0" && row[7] == "0.0" && row[8] == "0.0", "\(row)")
      #expect(row[9] == "500")
    }
  }

  @Test("the 95 % interval of a paired difference shrinks like 1/√n")
  func intervalShrinks() throws {
    let armB = "    dosing: [{input: dose.test, agent: x, route: oral, dose: 3 mg, interval: 1 day, adherence: 0.5}]"
    func halfWidth(_ n: Int) throws -> Double {
      let (_, effects) = try runLinear(Self.scenario(patients: n, armB: armB, seed: 2))
      let row = effects.first { $0[3] == "60" && $0[4] == "x" }!
      return (Double(row[8])! - Double(row[7])!) / 2
    }
    let ratio = try halfWidth(400) / halfWidth(6400)
    // √(6400/400) = 4; sampling noise of the SD at n = 400 is ~4 %, so allow 15 %.
    #expect(abs(ratio - 4) < 0.6, "half-width ratio \(ratio)")
  }

  @Test("results are byte-identical for 1, 2 and 3 threads")
  func threads() throws {
    let yaml = Self.scenario(patients: 2600, armB: "    dosing: [{input: dose.test, agent: x, route: oral, dose: 3 mg, interval: 1 day, adherence: 0.5}]")
    let one = try runLinear(yaml, threads: 1)
    for n in [2, 3] {
      let other = try runLinear(yaml, threads: n)
      #expect(other.summary == one.summary && other.effects == one.effects, "threads \(n)")
    }
  }
}

@Suite("Parallel-group arms (cohort.paired: false)")
struct UnpairedTests {
  @Test("identical arms on different patients: a non-zero difference whose Welch interval covers 0 in most rows")
  func unpaired() throws {
    let yaml = PipelineTests.scenario(patients: 400, armB: "    dosing: [{input: dose.test, agent: x, route: oral, dose: 2 mg, interval: 1 day}]")
      .replacingOccurrences(of: "  seed: 1\n", with: "  seed: 1\n  paired: false\n")
    let (_, effects) = try runLinear(yaml)
    let rows = effects.filter { $0[4] == "x" && $0[3] != "0" }
    #expect(!rows.isEmpty)
    #expect(rows.allSatisfy { Double($0[6])! != 0 }, "different patients should not give exactly 0")
    let covering = rows.filter { Double($0[7])! <= 0 && 0 <= Double($0[8])! }.count
    #expect(covering == rows.count, "\(rows)")
  }
}

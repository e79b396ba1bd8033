import BoneSimPhysiology
import BoneSimScenario
import CLibFuzzer
import Foundation

// libFuzzer target for the scenario loader (issue 8): every input is read as a scenario file
// (YAML → Scenario.decode → ScenarioPlan against the integrated model's inputs and parameters,
// and the per-arm parameter overrides) and as a sweep file (Sweep.decode → design points →
// each point written into a small base scenario and decoded again). A thrown ScenarioError is
// the expected answer to bad input; a trap, crash or sanitizer report is a finding.
//
// Built only by tools/ci/fuzz.sh (BONESIM_FUZZ=1; ASan, libFuzzer coverage, libFuzzer without main).
// SwiftPM links an executable's entry point under its own name, so `main` below hands the
// command line to libFuzzer's driver rather than relying on libFuzzer's main().
// Seed corpus: Fuzz/corpus/.

@main
enum FuzzMain {
  static func main() {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
      guard let data else { return 0 }
      return fuzzScenarioLoader(data, size)
    })
  }
}

/// The model every scenario is bound to (built once).
let model = try! IntegratedModel()

/// Base scenario of sweep inputs: one control arm and one with a regimen to write into.
let baseScenario = try! ScenarioNode.parse(
  """
  name: fuzz
  duration_days: 60
  output_interval_days: 30
  cohort: {patients: 4}
  control: control
  arms:
    control: {}
    hrt:
      dosing:
        - {agent: estradiol, route: transdermal, rate: 50 ug/day, interval: 3.5 days}
  parameters: {lumbarSpine.turnover: 1}
  """, file: "base.yaml")

/// Most design points of one sweep input that are decoded (the rest only counted).
let maxPointsDecoded = 16

/// One input: read as a scenario, then as a sweep. Always 0 (libFuzzer's "keep going").
func fuzzScenarioLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  loadScenario(text)
  loadSweep(text)
  return 0
}

func loadScenario(_ text: String) {
  guard let scenario = try? Scenario.decode(yaml: text, file: "fuzz.yaml") else { return }
  bind(scenario)
}

/// What `bonesim check` does after decoding: bind to the model, apply each arm's overrides.
func bind(_ scenario: Scenario) {
  guard let plan = try? ScenarioPlan(scenario, inputs: model.inputs, parameters: model.parameters) else { return }
  for a in scenario.arms.indices {
    if let table = try? model.parameters.overriding(plan.parameterOverrides(arm: a)) { _ = try? model.with(parameters: table) }
  }
}

func loadSweep(_ text: String) {
  guard let sweep = try? Sweep.decode(yaml: text, file: "fuzz-sweep.yaml") else { return }
  // A grid's or a hypercube's size is bounded by decoding (Sweep.maxPoints); keep each input fast.
  let gridSize = sweep.axes.reduce(1.0) { $0 * Double(max($1.values.count, 1)) }
  guard sweep.samples <= 1_000, gridSize <= 1_000 else { return }
  let points = sweep.designPoints()
  _ = Sweep.shardRange(points: points.count, index: 1, count: 2)
  for point in points.prefix(maxPointsDecoded) {
    guard let tree = try? sweep.apply(point, to: baseScenario), let scenario = try? Scenario.decode(tree) else { continue }
    bind(scenario)
  }
}

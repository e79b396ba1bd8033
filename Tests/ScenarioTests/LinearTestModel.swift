import BoneSimCore
import BoneSimPhysiology

/// A one-compartment linear model with a closed-form solution, for testing the pipeline
/// independently of any physiology:
/// ```
/// dx/dt = scale · dose − k · x,   x(0) = scale · dose₀ / k
/// ```
/// Inputs: `dose.test` [mg/day] (daily), `patient.scale` [1] (per patient), `iiv.k` [1]
/// (multiplies k). Outputs: `x` and `dose` at the systemic site.
struct LinearTestModel: ScenarioModel {
  let inputs: [ModelInput] = [
    .init("dose.test", unit: "mg/day", kind: .daily, default: 0, range: 0...1000, "test dose"),
    .init("patient.scale", unit: "1", kind: .patient, default: 1, range: 0...100, "per-patient scale"),
    .init("iiv.k", unit: "1", kind: .patient, default: 1, range: 0.01...100, "multiplies k"),
    .init("energy.availability", unit: "kcal/kg FFM/day", kind: .daily, default: 45, range: 0...80, "unused"),
    .init("exercise.test", unit: "sessions/week", kind: .daily, default: 0, range: 0...14, "test sessions"),
  ]
  let outputs: [ModelOutput] = [.init("x", .systemic, "mg"), .init("dose", .systemic, "mg/day"), .init("sessions", .systemic, "sessions/week")]
  let stateNames = ["x"]
  var inputNames: [String] { inputs.map(\.name) }
  let stiffStates: [Int] = []
  let parameters: ParameterTable
  let k: Double
  /// Range of x [mg] outside which a patient is flagged (default: finite, ≥ 0).
  var stateBounds: [ClosedRange<Double>] = [0...Double.infinity]

  static let table = ParameterTable(model: "linear-test", [
    .init("k", 0.1, "1/day", "k", Citation(key: "test", reference: "test"), .assumed)
  ])

  init(parameters: ParameterTable = LinearTestModel.table) {
    self.parameters = parameters
    k = parameters["k"]
  }

  func with(parameters: ParameterTable) throws -> LinearTestModel {
    var m = LinearTestModel(parameters: parameters)
    m.stateBounds = stateBounds
    return m
  }

  func rates<L: Lane>(_ block: RateBlock, row: Int, as lane: L.Type) {
    let dose: L = block.input(0, row), scale: L = block.input(1, row), m: L = block.input(2, row)
    block.set(0, row, production: scale * dose, loss: k * m)
  }

  func initialState(inputs: [Double]) throws -> [Double] { [inputs[1] * inputs[0] / (k * inputs[2])] }

  func computeOutputs<L: Lane>(_ block: OutputBlock, row: Int, as lane: L.Type) {
    block.set(0, row, block.state(0, row) as L)
    block.set(1, row, block.input(0, row) as L)
    block.set(2, row, block.input(4, row) as L)
  }
}

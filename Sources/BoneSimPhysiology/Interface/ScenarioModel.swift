import BoneSimCore

/// A model that scenarios can drive: named inputs with units, named outputs with sites and
/// units, and a steady initial state for each patient.
///
/// The runner expands a scenario into input columns (`inputs`, same order as `inputNames`),
/// asks the model for each patient's initial state, steps the cohort, and at output days
/// asks the model for `outputs` — it never looks inside the state.
public protocol ScenarioModel: CohortModel {
  /// Input columns, in the order of `inputNames`.
  var inputs: [ModelInput] { get }
  /// Output columns, in the order `computeOutputs` writes them.
  var outputs: [ModelOutput] { get }
  /// The parameter table in use (for overrides, documentation and the manifest).
  var parameters: ParameterTable { get }

  /// The same model with another parameter table (scenario overrides, sweeps).
  func with(parameters: ParameterTable) throws -> Self

  /// Day-0 state of one patient, given its inputs on day 0 (covariates, multipliers, and
  /// what it is exposed to at the start): the steady state those inputs imply.
  func initialState(inputs: [Double]) throws -> [Double]

  /// Writes the outputs of the `L.laneCount` patients starting at `row`.
  ///
  /// Pure: reads `state`, `initial` (the day-0 state, for changes from baseline) and
  /// `inputs`; writes only `outputs` (column-major, `outputs.count` columns). Does not allocate.
  func computeOutputs<L: Lane>(_ block: OutputBlock, row: Int, as lane: L.Type)
}

/// Column-major views of one block for `ScenarioModel.computeOutputs`.
public struct OutputBlock {
  public let blockSize: Int
  public let state: UnsafePointer<Double>
  public let initial: UnsafePointer<Double>
  public let inputs: UnsafePointer<Double>
  public let outputs: UnsafeMutablePointer<Double>

  @inlinable
  public init(
    blockSize: Int, state: UnsafePointer<Double>, initial: UnsafePointer<Double>,
    inputs: UnsafePointer<Double>, outputs: UnsafeMutablePointer<Double>
  ) {
    self.blockSize = blockSize
    self.state = state
    self.initial = initial
    self.inputs = inputs
    self.outputs = outputs
  }

  @inlinable @inline(__always)
  public func state<L: Lane>(_ column: Int, _ row: Int) -> L { L(loading: state + column * blockSize + row) }

  @inlinable @inline(__always)
  public func initial<L: Lane>(_ column: Int, _ row: Int) -> L { L(loading: initial + column * blockSize + row) }

  @inlinable @inline(__always)
  public func input<L: Lane>(_ column: Int, _ row: Int) -> L { L(loading: inputs + column * blockSize + row) }

  @inlinable @inline(__always)
  public func set<L: Lane>(_ column: Int, _ row: Int, _ value: L) { value.store(to: outputs + column * blockSize + row) }
}

extension ScenarioModel {
  /// Outputs for a whole block with 16-wide lanes (8-wide for a remainder), as
  /// `CohortModel.evaluate`; the bits do not depend on the width.
  @inlinable
  public func computeOutputs(_ block: OutputBlock) {
    var row = 0
    while row &+ 16 <= block.blockSize {
      computeOutputs(block, row: row, as: SIMD16<Double>.self)
      row &+= 16
    }
    while row < block.blockSize {
      computeOutputs(block, row: row, as: SIMD8<Double>.self)
      row &+= 8
    }
  }

  /// Index of the input named `name`.
  public func inputColumn(_ name: String) -> Int? { inputs.firstIndex { $0.name == name } }
}

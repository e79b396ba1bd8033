/// A system of ODEs in production–loss form, evaluated for many patients at once.
///
/// For every state `u_i`
/// ```
/// du_i/dt = P_i(u, w) − D_i(u, w) · u_i
/// ```
/// where `P` is production (any sign), `D ≥ 0` a first-order loss rate [1/day] and `w` the
/// inputs, held constant within a day. The split costs nothing for explicit steppers
/// (they use `P − D·u`) and lets `SplitImplicitEuler` treat the loss of stiff states
/// implicitly. A model holds parameters and rates only: no doses, arms, windows or horizon
/// (those arrive as inputs), and its rates never read time.
public protocol CohortModel: Sendable {
  /// State names in column order.
  var stateNames: [String] { get }

  /// Input names in column order; inputs are per patient and constant within a day.
  var inputNames: [String] { get }

  /// Columns of states whose own loss is stiff enough to integrate implicitly.
  var stiffStates: [Int] { get }

  /// Physiological range of each state, in column order and the state's unit: a patient
  /// whose state leaves it (or turns non-finite) is flagged and excluded from summaries.
  /// Default: every state finite and ≥ 0 (concentrations, amounts).
  var stateBounds: [ClosedRange<Double>] { get }

  /// Writes `P` and `D` for the `L.laneCount` patients starting at `row` of `block`.
  ///
  /// Pure: reads state and inputs, writes only `production` and `loss`, does not allocate.
  func rates<L: Lane>(_ block: RateBlock, row: Int, as lane: L.Type)

  /// States stepped exactly as a linear system before the nonlinear stepper (PK depots);
  /// `rates` must give them `P = D = 0`. Default: none.
  var linearPart: LinearSubsystem? { get }

  /// Number of columns the model derives from its inputs alone (`PreparedInputs.swift`).
  /// Default: 0.
  var preparedCount: Int { get }

  /// Input columns the prepared columns are computed from. Default: none.
  var preparedSources: [Int] { get }

  /// Writes the prepared columns (`inputCount ..< inputCount + preparedCount` of an input
  /// block, `blockSize` doubles per column) for the `L.laneCount` patients starting at `row`.
  /// Default: nothing.
  func prepare<L: Lane>(_ inputs: UnsafeMutablePointer<Double>, blockSize: Int, row: Int, as lane: L.Type)
}

extension CohortModel {
  public var linearPart: LinearSubsystem? { nil }

  public var stateBounds: [ClosedRange<Double>] { Array(repeating: 0...Double.infinity, count: stateNames.count) }

  @inlinable public var stateCount: Int { stateNames.count }
  @inlinable public var inputCount: Int { inputNames.count }

  /// Column of the named state.
  public func stateIndex(_ name: String) -> Int? { stateNames.firstIndex(of: name) }

  /// Column of the named input.
  public func inputIndex(_ name: String) -> Int? { inputNames.firstIndex(of: name) }
}

/// Column-major views of one block, handed to `CohortModel.rates`.
public struct RateBlock {
  /// Patients per block (stride between columns).
  public let blockSize: Int
  public let state: UnsafePointer<Double>
  public let inputs: UnsafePointer<Double>
  public let production: UnsafeMutablePointer<Double>
  public let loss: UnsafeMutablePointer<Double>
  /// Whether `inputs` also holds the model's prepared columns (`CohortModel.prepare`) for
  /// this block's current inputs; if not, rates compute those values inline.
  public let prepared: Bool

  @inlinable
  public init(
    blockSize: Int, state: UnsafePointer<Double>, inputs: UnsafePointer<Double>,
    production: UnsafeMutablePointer<Double>, loss: UnsafeMutablePointer<Double>, prepared: Bool = false
  ) {
    self.blockSize = blockSize
    self.state = state
    self.inputs = inputs
    self.production = production
    self.loss = loss
    self.prepared = prepared
  }

  /// State `column` for the lanes starting at `row`.
  @inlinable @inline(__always)
  public func state<L: Lane>(_ column: Int, _ row: Int) -> L {
    L(loading: state + column * blockSize + row)
  }

  /// Input `column` for the lanes starting at `row`.
  @inlinable @inline(__always)
  public func input<L: Lane>(_ column: Int, _ row: Int) -> L {
    L(loading: inputs + column * blockSize + row)
  }

  /// Sets production and loss of state `column` for the lanes starting at `row`.
  @inlinable @inline(__always)
  public func set<L: Lane>(_ column: Int, _ row: Int, production p: L, loss d: L) {
    p.store(to: production + column * blockSize + row)
    d.store(to: loss + column * blockSize + row)
  }
}

extension CohortModel {
  /// Evaluates `P` and `D` for a whole block with 16-wide lanes (8-wide for a remainder).
  ///
  /// A 16-wide value is two AVX-512 registers, so every operation issues two independent
  /// instructions: rate functions such as the integrated model's are long chains of divisions
  /// and exp/log polynomials, and the second chain fills their latency (integrated model:
  /// stepping 21 % faster than 8-wide).
  /// Lanes are independent IEEE 754 arithmetic, so the bits do not depend on the width.
  ///
  /// - Complexity: O(blockSize · cost of one rate evaluation); does not allocate.
  @inlinable
  public func evaluate(_ block: RateBlock) {
    var row = 0
    while row &+ 16 <= block.blockSize {
      rates(block, row: row, as: SIMD16<Double>.self)
      row &+= 16
    }
    while row < block.blockSize {
      rates(block, row: row, as: SIMD8<Double>.self)
      row &+= 8
    }
  }

  /// Evaluates `P` and `D` for a whole block one patient at a time (reference path).
  @inlinable
  public func evaluateScalar(_ block: RateBlock) {
    for row in 0..<block.blockSize {
      rates(block, row: row, as: Double.self)
    }
  }
}

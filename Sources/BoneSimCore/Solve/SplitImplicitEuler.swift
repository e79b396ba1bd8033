/// Euler with the loss of stiff states taken implicitly. Order 1; one rate evaluation a step.
///
/// ```
/// stiff states:  u ← (u + h·P) / (1 + h·D)      (linearly implicit in own loss)
/// other states:  u ← u + h·(P − D·u)
/// ```
/// The stiff update is unconditionally stable for the loss term and keeps `u ≥ 0` whenever
/// `P ≥ 0`. the integrated model uses this at one step per day with
/// active osteoclasts as the only stiff state (decay up to ≈ 4.4/day), at one rate
/// evaluation per day.
public struct SplitImplicitEuler: Stepper {
  public static let order = 1
  public static let scratchBlocks = 2

  public init() {}

  /// Each row of lanes is updated right after its rates are computed, while its production
  /// and loss are still in the first-level cache: one pass over the block instead of a rate
  /// pass and an update pass (the update pass was about a tenth of a scenario run). The
  /// arithmetic of every lane is the update above, operation for operation, so the bits are
  /// those of updating the whole block after all its rates.
  @inlinable
  public func step<M: CohortModel>(
    _ model: M, state u: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, prepared: Bool,
    blockSize: Int, h: Double, scratch: UnsafeMutablePointer<Double>
  ) {
    let columns = model.stateCount
    let p = scratch, d = scratch + blockSize * columns
    let block = RateBlock(blockSize: blockSize, state: u, inputs: inputs, production: p, loss: d, prepared: prepared)
    let stiff = model.stiffStates
    // The rows of `CohortModel.evaluate`: 16 lanes, then 8.
    var row = 0
    while row &+ 16 <= blockSize {
      model.rates(block, row: row, as: SIMD16<Double>.self)
      update(SIMD16<Double>.self, row: row, block, columns: columns, stiff: stiff, h: h)
      row &+= 16
    }
    while row < blockSize {
      model.rates(block, row: row, as: SIMD8<Double>.self)
      update(SIMD8<Double>.self, row: row, block, columns: columns, stiff: stiff, h: h)
      row &+= 8
    }
  }

  /// The update of every state of the lanes at `row`, from the block's production and loss.
  @inlinable @inline(__always)
  func update<L: Lane>(_: L.Type, row: Int, _ block: RateBlock, columns: Int, stiff: [Int], h: Double) {
    let u = UnsafeMutablePointer(mutating: block.state)
    for column in 0..<columns {
      let k = column &* block.blockSize &+ row
      let x = L(loading: u + k), p = L(loading: block.production + k), d = L(loading: block.loss + k)
      let next = stiff.contains(column) ? (x + h * p) / (1 + h * d) : x + h * (p - d * x)
      next.store(to: u + k)
    }
  }
}

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

  @inlinable
  public func step<M: CohortModel>(
    _ model: M, state u: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, prepared: Bool,
    blockSize: Int, h: Double, scratch: UnsafeMutablePointer<Double>
  ) {
    let n = blockSize * model.stateCount
    let p = scratch, d = scratch + n
    model.evaluate(RateBlock(blockSize: blockSize, state: u, inputs: inputs, production: p, loss: d, prepared: prepared))
    let stiff = model.stiffStates
    for column in 0..<model.stateCount {
      let range = (column * blockSize)..<((column + 1) * blockSize)
      if stiff.contains(column) {
        for i in range { u[i] = (u[i] + h * p[i]) / (1 + h * d[i]) }
      } else {
        for i in range { u[i] = u[i] + h * (p[i] - d[i] * u[i]) }
      }
    }
  }
}

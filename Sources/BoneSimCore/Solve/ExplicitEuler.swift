/// Forward Euler: `u ← u + h·(P − D·u)`. Order 1; stable only for `h·λ < 2`.
///
/// Kept as the simplest reference scheme and for convergence tests, not for production runs
/// of stiff models (docs/MODEL.md: Euler at one step per day diverges for stiff osteoclasts).
public struct ExplicitEuler: Stepper {
  public static let order = 1
  public static let scratchBlocks = 2

  public init() {}

  @inlinable
  public func step<M: CohortModel>(
    _ model: M, state: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, prepared: Bool,
    blockSize: Int, h: Double, scratch: UnsafeMutablePointer<Double>
  ) {
    let n = blockSize * model.stateCount
    let p = scratch, d = scratch + n
    model.evaluate(RateBlock(blockSize: blockSize, state: state, inputs: inputs, production: p, loss: d, prepared: prepared))
    for i in 0..<n { state[i] = state[i] + h * (p[i] - d[i] * state[i]) }
  }
}

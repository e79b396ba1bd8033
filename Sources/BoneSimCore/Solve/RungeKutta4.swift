/// The classical four-stage Runge–Kutta method. Order 4; stable for `h·λ ≲ 2.78`.
///
/// The accurate scheme of BoneSim: `bonesim reference` uses it with several substeps per
/// day to reproduce published trajectories, and tests use it as the converged solution
/// that other steppers are measured against.
public struct RungeKutta4: Stepper {
  public static let order = 4
  public static let scratchBlocks = 4

  public init() {}

  @inlinable
  public func step<M: CohortModel>(
    _ model: M, state u: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, prepared: Bool,
    blockSize: Int, h: Double, scratch: UnsafeMutablePointer<Double>
  ) {
    let n = blockSize * model.stateCount
    let p = scratch, d = scratch + n, sum = scratch + 2 * n, stage = scratch + 3 * n
    let half = 0.5 * h

    // k1 at u
    model.evaluate(RateBlock(blockSize: blockSize, state: u, inputs: inputs, production: p, loss: d, prepared: prepared))
    for i in 0..<n {
      let k = p[i] - d[i] * u[i]
      sum[i] = k
      stage[i] = u[i] + half * k
    }
    // k2 at u + h/2·k1
    model.evaluate(RateBlock(blockSize: blockSize, state: stage, inputs: inputs, production: p, loss: d, prepared: prepared))
    for i in 0..<n {
      let k = p[i] - d[i] * stage[i]
      sum[i] += 2 * k
      stage[i] = u[i] + half * k
    }
    // k3 at u + h/2·k2
    model.evaluate(RateBlock(blockSize: blockSize, state: stage, inputs: inputs, production: p, loss: d, prepared: prepared))
    for i in 0..<n {
      let k = p[i] - d[i] * stage[i]
      sum[i] += 2 * k
      stage[i] = u[i] + h * k
    }
    // k4 at u + h·k3
    model.evaluate(RateBlock(blockSize: blockSize, state: stage, inputs: inputs, production: p, loss: d, prepared: prepared))
    let sixth = h / 6
    for i in 0..<n {
      let k = p[i] - d[i] * stage[i]
      u[i] = u[i] + sixth * (sum[i] + k)
    }
  }
}

/// Newton's method for steady states of small systems, with a central-difference Jacobian.
public enum SteadyState {
  public enum Failure: Error, CustomStringConvertible {
    case singularJacobian(iteration: Int)
    case noConvergence(iterations: Int, lastStep: Double)

    public var description: String {
      switch self {
      case .singularJacobian(let i): return "steady-state Jacobian singular at iteration \(i)"
      case .noConvergence(let i, let s):
        return "steady state not found in \(i) Newton iterations (last relative step \(s))"
      }
    }
  }

  /// A root of `f` near `guess`, to a relative step below `tolerance`.
  ///
  /// Columns of the Jacobian use steps of `1e-6·|x_j|` (or 1e-12 at zero), suitable for the
  /// pM-scale concentrations of bone-cell models.
  public static func solve(
    guess: [Double], tolerance: Double = 1e-14, maxIterations: Int = 50,
    _ f: ([Double]) -> [Double]
  ) throws -> [Double] {
    var x = guess
    let n = x.count
    var lastStep = Double.infinity
    for iteration in 0..<maxIterations {
      let fx = f(x)
      var jacobian = Matrix(rows: n, columns: n)
      for j in 0..<n {
        let h = x[j] == 0 ? 1e-12 : 1e-6 * abs(x[j])
        var xp = x, xm = x
        xp[j] += h
        xm[j] -= h
        let fp = f(xp), fm = f(xm)
        for i in 0..<n { jacobian[i, j] = (fp[i] - fm[i]) / (2 * h) }
      }
      guard let dx = jacobian.solve(fx.map { -$0 }) else {
        throw Failure.singularJacobian(iteration: iteration)
      }
      lastStep = 0
      for i in 0..<n {
        x[i] += dx[i]
        lastStep = Swift.max(lastStep, abs(dx[i]) / Swift.max(abs(x[i]), .leastNormalMagnitude))
      }
      if lastStep < tolerance { return x }
    }
    // Newton stalls at rounding level: accept a step within 1e3 ulps of convergence.
    if lastStep < 1e3 * tolerance { return x }
    throw Failure.noConvergence(iterations: maxIterations, lastStep: lastStep)
  }
}

extension CohortModel {
  /// `du/dt` for one patient with the given inputs (scalar path; for set-up and tests).
  public func derivative(state: [Double], inputs: [Double]) -> [Double] {
    precondition(state.count == stateCount && inputs.count == inputCount)
    var u = state, w = inputs.isEmpty ? [0] : inputs
    var p = [Double](repeating: 0, count: stateCount), d = p
    u.withUnsafeMutableBufferPointer { u in
      w.withUnsafeMutableBufferPointer { w in
        p.withUnsafeMutableBufferPointer { p in
          d.withUnsafeMutableBufferPointer { d in
            rates(
              RateBlock(
                blockSize: 1, state: u.baseAddress!, inputs: w.baseAddress!,
                production: p.baseAddress!, loss: d.baseAddress!),
              row: 0, as: Double.self)
          }
        }
      }
    }
    return (0..<stateCount).map { p[$0] - d[$0] * state[$0] }
  }
}

import BoneSimCore
import Foundation
import Testing

/// A linear chain with a closed-form solution: du₀/dt = a − k₀·u₀, du₁/dt = k₀·u₀ − k₁·u₁,
/// with inputs (a, k₀, k₁) per patient, so patients can differ.
struct LinearChain: CohortModel {
  let stateNames = ["u0", "u1"]
  let inputNames = ["a", "k0", "k1"]
  let stiffStates = [1]

  func rates<L: Lane>(_ block: RateBlock, row i: Int, as lane: L.Type) {
    let u0: L = block.state(0, i)
    let a: L = block.input(0, i), k0: L = block.input(1, i), k1: L = block.input(2, i)
    block.set(0, i, production: a, loss: k0)
    block.set(1, i, production: k0 * u0, loss: k1)
  }

  /// Exact state at time t from (u0, u1) at 0, for k0 ≠ k1.
  static func exact(t: Double, u: (Double, Double), a: Double, k0: Double, k1: Double) -> (Double, Double) {
    let s0 = a / k0, s1 = a / k1
    let c0 = u.0 - s0
    let x0 = s0 + c0 * exp(-k0 * t)
    // u1 = s1 + c0·k0/(k1 − k0)·e^(−k0 t) + C·e^(−k1 t), C fixed by u1(0).
    let b = c0 * k0 / (k1 - k0)
    let c = u.1 - s1 - b
    let x1 = s1 + b * exp(-k0 * t) + c * exp(-k1 * t)
    return (x0, x1)
  }
}

/// Final-time error of `stepper` on the linear chain with `substeps` steps per day.
func chainError<S: Stepper>(_ stepper: S, substeps: Int, days: Int = 10) -> Double {
  let model = LinearChain()
  let x0 = CohortMatrix(patients: 1, columns: 2, blockSize: 8)
  x0[0, 0] = 2
  x0[0, 1] = 0.5
  let inputs = WindowedInputs(patients: 1, baseline: [1.0, 0.7, 3.0], blockSize: 8)
  let end = CohortSolver(stepper: stepper, loop: TimeLoop(days: days, substeps: substeps))
    .solve(CohortProblem(model: model, initialState: x0, inputs: inputs))
  let exact = LinearChain.exact(t: Double(days), u: (2, 0.5), a: 1, k0: 0.7, k1: 3)
  return max(abs(end[0, 0] - exact.0), abs(end[0, 1] - exact.1))
}

/// Observed order from errors at successive halvings of the step.
func observedOrders(_ errors: [Double]) -> [Double] {
  zip(errors, errors.dropFirst()).map { log2($0 / $1) }
}

@Suite("Steppers: observed order of convergence")
struct StepperConvergenceTests {
  /// Tolerance on an observed order in the asymptotic range.
  static let orderTolerance = 0.15

  @Test("RK4 converges with order 4 on a linear chain with a closed-form solution")
  func rk4Order() {
    let errors = [2, 4, 8, 16].map { chainError(RungeKutta4(), substeps: $0) }
    let orders = observedOrders(errors)
    #expect(abs(orders.last! - Double(RungeKutta4.order)) < Self.orderTolerance, "orders \(orders)")
    #expect(errors.last! < 1e-8)
  }

  @Test("explicit Euler converges with order 1")
  func eulerOrder() {
    let errors = [4, 8, 16, 32, 64].map { chainError(ExplicitEuler(), substeps: $0) }
    let orders = observedOrders(errors)
    #expect(abs(orders.last! - Double(ExplicitEuler.order)) < Self.orderTolerance, "orders \(orders)")
  }

  @Test("split implicit Euler converges with order 1 and is stable at one step per day")
  func splitOrder() {
    let errors = [1, 2, 4, 8, 16, 32, 64].map { chainError(SplitImplicitEuler(), substeps: $0) }
    let orders = observedOrders(errors)
    #expect(abs(orders.last! - Double(SplitImplicitEuler.order)) < Self.orderTolerance, "orders \(orders)")
    // k1 = 3/day: explicit Euler at h = 1 is unstable (|1 − 3| = 2), the split scheme is not.
    #expect(errors[0] < 0.1)
    #expect(chainError(ExplicitEuler(), substeps: 1, days: 60) > 1)
  }
}

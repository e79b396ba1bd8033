import BoneSimCore
import BoneSimPhysiology
import Testing

@Suite("Physics: steady states hold and cells stay positive")
struct SteadyStateAndPositivityTests {
  /// Relative drift allowed for a patient started at the steady state over 10 years
  /// (rounding only: the residual there is ~1e-16 relative per day).
  static let steadyDrift = 1e-9

  @Test("a cohort of perturbed patients stays positive; unperturbed ones stay at steady state", arguments: ["lemaire2004", "pivonka2008", "scheiner2013"])
  func cohort(_ name: String) throws {
    switch name {
    case "lemaire2004":
      let m = Lemaire2004()
      try check(m, steadyState: try m.steadyState(), extra: [], inputs: [Double](repeating: 0, count: m.inputCount))
    case "pivonka2008":
      let m = Pivonka2008()
      try check(m, steadyState: try m.steadyState(), extra: [], inputs: [Double](repeating: 0, count: m.inputCount))
    default:
      let m = try Scheiner2013()
      try check(m, steadyState: m.steadyState, extra: [5, 95], inputs: m.habitualInputs)
    }
  }

  func check<M: CohortModel>(_ model: M, steadyState: [Double], extra: [Double], inputs: [Double]) throws {
    let patients = 500
    let x0 = perturbedCohort(steadyState: steadyState, extraStates: extra, patients: patients, seed: 3, spread: 0.7)
    let problem = CohortProblem(
      model: model, initialState: x0, inputs: WindowedInputs(patients: patients, baseline: inputs))
    var minimum = Double.infinity
    var worstDrift = 0.0
    let reference = steadyState + extra
    _ = CohortSolver(stepper: SplitImplicitEuler(), loop: TimeLoop.every(73, days: 3650), execution: .threads(2))
      .solve(problem) { _, state in
        for p in 0..<patients {
          for s in 0..<steadyState.count {
            let v = state[p, s]
            #expect(v.isFinite)
            minimum = min(minimum, v)
          }
          if p % 5 == 0 {
            for s in 0..<reference.count {
              worstDrift = max(worstDrift, abs(state[p, s] - reference[s]) / abs(reference[s]))
            }
          }
        }
      }
    #expect(minimum > 0, "smallest cell concentration \(minimum)")
    #expect(worstDrift < Self.steadyDrift, "worst relative drift at steady state \(worstDrift)")
  }

  @Test("steady states are fixed points of the rates to rounding")
  func residuals() throws {
    let l = Lemaire2004(), p = Pivonka2008(), s = try Scheiner2013()
    let cases: [([Double], [Double])] = [
      (try l.steadyState(), l.derivative(state: try l.steadyState(), inputs: [Double](repeating: 0, count: l.inputCount))),
      (try p.steadyState(), p.derivative(state: try p.steadyState(), inputs: [Double](repeating: 0, count: p.inputCount))),
      (s.initialState, s.derivative(state: s.initialState, inputs: s.habitualInputs)),
    ]
    for (x, dx) in cases {
      for i in 0..<3 {
        // Residual relative to the state's turnover (≥ 0.1 x/day for every cell type).
        #expect(abs(dx[i]) < 1e-12 * x[i], "residual \(dx[i]) at \(x[i])")
      }
    }
  }
}

@Suite("Patient status: failures are flagged, not hidden")
struct PatientStatusTests {
  @Test("a patient driven negative is flagged with its first day and state; the others stay ok")
  func flagged() throws {
    // Lemaire load case 8 (R removal at 10× the curated rate) drives R negative after day 20.
    let m = Lemaire2004()
    let x0 = CohortMatrix(patients: 20, columns: 3, blockSize: 8)
    let ss = try m.steadyState()
    for p in 0..<20 { for s in 0..<3 { x0[p, s] = ss[s] } }
    let baseline = CohortMatrix(patients: 20, columns: m.inputCount, blockSize: 8)
    baseline[13, 0] = -1.2e-3  // only patient 13 gets the removal
    let status = CohortStatus(patients: 20)
    _ = CohortSolver(stepper: RungeKutta4(), loop: TimeLoop(days: 60, substeps: 8))
      .solve(CohortProblem(model: m, initialState: x0, inputs: WindowedInputs(baseline: baseline))) { day, state in
        status.check(state, day: day)
      }
    #expect(status.failed.map(\.patient) == [13])
    if case .failed(let day, let state, let value) = status.statuses[13] {
      #expect(state == 0 && value < 0 && day > 0 && day < 10)
    } else {
      Issue.record("patient 13 not flagged")
    }
  }
}

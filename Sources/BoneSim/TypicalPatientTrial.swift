import BoneSimCore
import BoneSimPhysiology

/// A single typical patient driven by inputs computed per day: the calibration harness's
/// way to run the integrated model without scenario files (one patient, no variability).
///
/// `inputs(day, row)` fills one day's input row (model input order, defaults pre-filled);
/// day 0 of the trial is `runInDays` after the start, which is the premenopausal steady state.
public struct TypicalPatientTrial: Sendable {
  public let model: IntegratedModel
  /// Days simulated before trial day 0 (history: the menopausal transition, a deficit).
  public let runInDays: Int
  /// Trial horizon [day].
  public let days: Int
  public let inputs: @Sendable (_ day: Int, _ row: inout [Double]) -> Void
  /// Steps per day (the scenario runner uses 1).
  public var substeps = 1

  public init(
    model: IntegratedModel, runInDays: Int, days: Int,
    inputs: @escaping @Sendable (_ day: Int, _ row: inout [Double]) -> Void
  ) {
    self.model = model
    self.runInDays = runInDays
    self.days = days
    self.inputs = inputs
  }

  /// Outputs (model output order) on each trial day in `outputDays`, keyed by day. Outputs
  /// that are changes from baseline use trial day 0 as baseline.
  public func run(outputDays: [Int]) throws -> [Int: [Double]] {
    let m = model
    let defaults = m.inputs.map(\.defaultValue)
    var start = defaults
    inputs(-runInDays, &start)
    let x0 = try m.initialState(inputs: start)
    let state = CohortMatrix(patients: 1, columns: m.stateCount, blockSize: 8)
    for (s, v) in x0.enumerated() { state[0, s] = v }
    let schedule = ComputedInputs(defaults: defaults, offset: -runInDays, inputs: inputs)
    let total = runInDays + days
    let wanted = Set(outputDays.map { $0 + runInDays })
    var baseline: [Double] = []
    var results: [Int: [Double]] = [:]
    let solver = CohortSolver(
      stepper: SplitImplicitEuler(),
      loop: TimeLoop(days: total, substeps: substeps, outputDays: Array(wanted) + [runInDays]))
    _ = solver.solve(CohortProblem(model: m, initialState: state, inputs: schedule)) { day, cohort in
      let row = cohort.row(0)
      if day == runInDays { baseline = row }
      if wanted.contains(day) {
        var dayInputs = defaults
        inputs(day - runInDays, &dayInputs)
        results[day - runInDays] = Self.outputs(m, state: row, initial: baseline, inputs: dayInputs)
      }
    }
    return results
  }

  /// Outputs for one patient (scalar lane).
  static func outputs(_ m: IntegratedModel, state: [Double], initial: [Double], inputs: [Double]) -> [Double] {
    var s = state, i0 = initial, w = inputs
    var out = [Double](repeating: 0, count: m.outputs.count)
    s.withUnsafeMutableBufferPointer { s in
      i0.withUnsafeMutableBufferPointer { i0 in
        w.withUnsafeMutableBufferPointer { w in
          out.withUnsafeMutableBufferPointer { o in
            m.computeOutputs(
              OutputBlock(blockSize: 1, state: s.baseAddress!, initial: i0.baseAddress!, inputs: w.baseAddress!, outputs: o.baseAddress!),
              row: 0, as: Double.self)
          }
        }
      }
    }
    return out
  }
}

/// Inputs computed by a function of the day, the same for every patient (calibration
/// harness; the scenario layer expands regimens into per-patient columns instead).
struct ComputedInputs: InputSchedule {
  let defaults: [Double]
  /// Day passed to `inputs` for solver day 0.
  let offset: Int
  let inputs: @Sendable (Int, inout [Double]) -> Void

  func fill(day: Int, block: Int, blockSize: Int, into buffer: UnsafeMutablePointer<Double>) {
    var row = defaults
    inputs(day + offset, &row)
    for (c, v) in row.enumerated() { (buffer + c * blockSize).update(repeating: v, count: blockSize) }
  }
}

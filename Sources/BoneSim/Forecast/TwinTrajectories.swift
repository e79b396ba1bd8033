import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// Every twin's value of a few outputs at every output day of every arm, held in memory.
public struct TwinTrajectories: Sendable {
  public let arms: [String]
  /// Scenario days (`plan.outputDays`).
  public let days: [Int]
  /// `variable.site`, e.g. `bmd_pct_change.lumbar_spine`.
  public let variables: [String]
  public let twins: Int
  /// `values[((arm · days + t) · variables + v) · twins + i]`; NaN for a flagged twin.
  public let values: [Double]
  /// Twins flagged for leaving their physiological bounds (NaN everywhere).
  public let flagged: Int
  /// Peak memory estimated before the run [bytes] (nil when not simulated).
  public var memoryEstimateBytes: Double? = nil

  public func index(of variable: String) -> Int? { variables.firstIndex(of: variable) }
  public func dayIndex(_ day: Int) -> Int? { days.firstIndex(of: day) }

  /// The twins' values of `variable` (index) at output day `t` in `arm`.
  public func column(arm: Int, day t: Int, variable v: Int) -> ArraySlice<Double> {
    let base = ((arm * days.count + t) * variables.count + v) * twins
    return values[base..<(base + twins)]
  }

  /// Runs `scenario` on the default model and keeps `variables` (every output when empty).
  /// The run's summary files go to a temporary folder that is removed afterwards.
  /// - Parameters:
  ///   - maxMemoryGB: memory to plan with instead of what the machine reports (`--max-memory`).
  ///   - keptCopies: copies of the kept values the caller will hold (a coverage check keeps
  ///     the twins' part a second time).
  /// - Throws: `RunError.insufficientMemory` (nothing run) when the estimate exceeds what is available.
  public static func simulate(
    _ scenario: Scenario, variables: [String], threads: Int, ensemble: ParameterEnsemble? = nil, maxMemoryGB: Double? = nil,
    keptCopies: Int = 1, stop: StopSignal? = nil
  ) throws -> TwinTrajectories {
    let model = try makeDefaultModel()
    let run = try ScenarioRun(
      scenario: scenario, model: model, stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay, ensemble: ensemble)
    // The observer sees the model outputs and the selected interval statistics, in that order.
    let names = (model.outputs + run.selectedIntervalStatistics.map(\.output)).map { "\($0.variable).\($0.site.rawValue)" }
    let wanted = variables.isEmpty ? names : variables
    let columns = try wanted.map { v -> Int in
      guard let c = names.firstIndex(of: v) else { throw ForecastError.missingOutput(v) }
      return c
    }
    let estimate = memoryEstimate(run, variables: wanted.count, keptCopies: keptCopies, overrideGB: maxMemoryGB)
    guard estimate.fits else { throw RunError.insufficientMemory(estimate) }
    BLAS.useSingleThread()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-forecast-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let outputs = try RunOutputs(directory: folder, perPatient: false)
    defer { outputs.discard() }
    let twins = scenario.cohort.patients
    let nArms = run.plan.arms.count, nDays = run.plan.outputDays.count, nOut = names.count, nVar = columns.count
    var kept = [Double](repeating: .nan, count: nArms * nDays * nVar * twins)
    var flagged = 0
    let stats = try run.run(
      into: outputs, execution: threads > 1 ? .threads(threads) : .serial, maxFailedFraction: 0.05, stop: stop
    ) { ids, values in
      let count = ids.count
      for a in 0..<nArms {
        for t in 0..<nDays {
          for (v, o) in columns.enumerated() {
            let src = ((a * nDays + t) * nOut + o) * count
            let dst = ((a * nDays + t) * nVar + v) * twins
            for p in 0..<count { kept[dst + ids[p]] = values[src + p] }
          }
        }
      }
    }
    flagged = stats.failedPatientCount
    return TwinTrajectories(
      arms: run.plan.arms.map(\.name), days: run.plan.outputDays, variables: wanted, twins: twins, values: kept, flagged: flagged,
      memoryEstimateBytes: estimate.bytes.rounded())
  }

  /// Peak memory of a forecast: the twins' run (as `bonesim run` estimates it, without
  /// per-patient files) plus the values kept for every twin (arms × output days × variables ×
  /// twins doubles, `keptCopies` times) and the forecast's rows and CSV text (at most 16 rows of
  /// about 200 bytes per arm and output day, held as rows, string, bytes and file buffer).
  static func memoryEstimate<M: ScenarioModel, S: Stepper>(
    _ run: ScenarioRun<M, S>, variables: Int, keptCopies: Int, overrideGB: Double?
  ) -> MemoryEstimate {
    let twins = run.plan.cohort.patients, arms = run.plan.arms.count, days = run.plan.outputDays.count
    var estimate = run.memoryEstimate(perPatient: false, overrideGB: overrideGB)
    let kept = Double(arms) * Double(days) * Double(variables) * Double(twins) * 8
    let rows = Double(arms) * Double(days) * 16 * 200 * 4
    estimate.bytes += kept * Double(Swift.max(keptCopies, 1)) + rows
    estimate.subject = "this forecast"
    estimate.detail =
      "\(twins) twins × \(arms) protocol\(arms == 1 ? "" : "s") × \(days) days × \(variables) outputs kept, and the run's summaries"
    estimate.advice = "use fewer --twins, a larger --interval-days, fewer protocols or a shorter duration_days"
    return estimate
  }
}

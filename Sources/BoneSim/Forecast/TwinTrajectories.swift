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

  public func index(of variable: String) -> Int? { variables.firstIndex(of: variable) }
  public func dayIndex(_ day: Int) -> Int? { days.firstIndex(of: day) }

  /// The twins' values of `variable` (index) at output day `t` in `arm`.
  public func column(arm: Int, day t: Int, variable v: Int) -> ArraySlice<Double> {
    let base = ((arm * days.count + t) * variables.count + v) * twins
    return values[base..<(base + twins)]
  }

  /// Runs `scenario` on the default model and keeps `variables` (every output when empty).
  /// The run's summary files go to a temporary folder that is removed afterwards.
  public static func simulate(
    _ scenario: Scenario, variables: [String], threads: Int, ensemble: ParameterEnsemble? = nil, stop: StopSignal? = nil
  ) throws -> TwinTrajectories {
    let model = try makeDefaultModel()
    let run = try ScenarioRun(
      scenario: scenario, model: model, stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay, ensemble: ensemble)
    BLAS.useSingleThread()
    // The observer sees the model outputs and the selected interval statistics, in that order.
    let names = (model.outputs + run.selectedIntervalStatistics.map(\.output)).map { "\($0.variable).\($0.site.rawValue)" }
    let wanted = variables.isEmpty ? names : variables
    let columns = try wanted.map { v -> Int in
      guard let c = names.firstIndex(of: v) else { throw ForecastError.missingOutput(v) }
      return c
    }
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
      arms: run.plan.arms.map(\.name), days: run.plan.outputDays, variables: wanted, twins: twins, values: kept, flagged: flagged)
  }
}

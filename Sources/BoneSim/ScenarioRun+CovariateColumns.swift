import BoneSimPhysiology
import BoneSimIO
import BoneSimScenario

extension ScenarioRun {
  /// Manifest columns of `patients_covariates.csv` after its prefix: each covariate as drawn
  /// (in the unit written in the scenario, else the covariate's own unit; T-scores in SD of the
  /// young-adult reference), then each random effect (a multiplier, unit 1).
  /// - Parameter names: the header names, covariates first (`CohortChunk.covariateNames`).
  func covariateColumns(_ names: [String]) -> [OutputColumn] {
    let cohort = plan.cohort
    return names.enumerated().map { i, name in
      guard i < cohort.covariates.count else {
        return OutputColumn(name, .float, unit: "1", "random-effect multiplier of input \(name) (1 = typical)")
      }
      let written = scenario.cohort.covariates.first { $0.name == name }?.unit
      let unit: String
      if let written {
        unit = written
      } else if name.hasPrefix(CohortPlan.tScorePrefix) {
        unit = "SD (T-score)"
      } else if let recorded = CohortPlan.recordedCovariates[name] {
        unit = recorded
      } else {
        unit = plan.inputs.first { $0.name == name }?.unit ?? "1"
      }
      return OutputColumn(name, .float, unit: unit, "covariate \(name) as drawn")
    }
  }
}

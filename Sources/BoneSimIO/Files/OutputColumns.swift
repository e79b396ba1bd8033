/// Column names of the output files (DESIGN.md §3; documented in docs/OUTPUTS.md).
public enum OutputColumns {
  public static let summary = [
    "scenario", "arm", "day", "variable", "site", "unit", "n", "mean", "sd", "p05", "p25", "p50", "p75", "p95",
  ]
  public static let effects = [
    "scenario", "arm", "comparator", "day", "variable", "site", "mean_difference", "ci_low", "ci_high", "n",
  ]
  /// `patients.csv` starts with these, then one `<variable>.<site>` column per output.
  public static let patientsPrefix = ["scenario", "arm", "patient", "day"]
  /// `patients_covariates.csv` starts with these, then one column per covariate.
  public static let covariatesPrefix = ["scenario", "patient"]
  /// Sweeps prefix every file's columns with this.
  public static let designPoint = "design_point"
}

/// Columns of the output files (DESIGN.md §3; documented in docs/OUTPUTS.md): the one source
/// of the headers written and of the `columns` section of `manifest.json`.
public enum OutputColumns {
  /// Unit of summary statistics, which take the unit of their row's variable.
  public static let unitOfRow = "row: unit column"
  /// Unit of effects, which take the unit of their row's variable (no unit column).
  public static let unitOfVariable = "row: unit of the variable (summary.csv unit column; percentage points for *_pct_change)"

  static let scenario = OutputColumn("scenario", .string, unit: nil, "scenario name")
  static let arm = OutputColumn("arm", .string, unit: nil, "arm name")
  static let day = OutputColumn("day", .integer, unit: "day", "output day (day 0 = start of the scenario)")
  static let variable = OutputColumn("variable", .string, unit: nil, "output variable")
  static let site = OutputColumn("site", .string, unit: nil, "lumbar_spine, femoral_neck or systemic")

  /// `summary.csv`: one row per arm × day × variable × site.
  public static let summaryColumns: [OutputColumn] = [
    scenario, arm, day, variable, site,
    OutputColumn("unit", .string, unit: nil, "unit of mean, sd and p05 ... p95 in this row"),
    OutputColumn("n", .integer, unit: "patients", "patients with a finite value"),
    OutputColumn("mean", .float, unit: unitOfRow, "mean over patients"),
    OutputColumn("sd", .float, unit: unitOfRow, "sample standard deviation (n - 1); nan if n < 2"),
    OutputColumn("p05", .float, unit: unitOfRow, "5th percentile"),
    OutputColumn("p25", .float, unit: unitOfRow, "25th percentile"),
    OutputColumn("p50", .float, unit: unitOfRow, "median"),
    OutputColumn("p75", .float, unit: unitOfRow, "75th percentile"),
    OutputColumn("p95", .float, unit: unitOfRow, "95th percentile"),
  ]

  /// `effects.csv`: one row per non-control arm × day × variable × site.
  public static let effectsColumns: [OutputColumn] = [
    scenario, arm,
    OutputColumn("comparator", .string, unit: nil, "the scenario's control arm"),
    day, variable, site,
    OutputColumn("mean_difference", .float, unit: unitOfVariable, "mean of (arm - comparator), paired patient by patient"),
    OutputColumn("ci_low", .float, unit: unitOfVariable, "lower end of the two-sided 95 % interval; nan if n < 2"),
    OutputColumn("ci_high", .float, unit: unitOfVariable, "upper end of the two-sided 95 % interval; nan if n < 2"),
    OutputColumn("n", .integer, unit: "patients", "pairs with both values finite"),
  ]

  /// `patients.csv` starts with these, then one `<variable>.<site>` column per output.
  public static let patientsPrefixColumns: [OutputColumn] = [
    scenario, arm, OutputColumn("patient", .integer, unit: nil, "patient id, the same in every arm when paired"), day,
  ]
  /// `patients_covariates.csv` starts with these, then one column per covariate and random effect.
  public static let covariatesPrefixColumns: [OutputColumn] = [
    scenario, OutputColumn("patient", .integer, unit: nil, "patient id"),
  ]
  /// Sweeps prefix every file's columns with this.
  public static let designPointColumn = OutputColumn("design_point", .integer, unit: nil, "design point of the sweep (design.csv)")

  public static let summary = summaryColumns.map(\.name)
  public static let effects = effectsColumns.map(\.name)
  public static let patientsPrefix = patientsPrefixColumns.map(\.name)
  public static let covariatesPrefix = covariatesPrefixColumns.map(\.name)
  public static let designPoint = designPointColumn.name
}

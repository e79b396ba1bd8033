/// Who is in the trial: how many virtual patients, their covariates, inter-individual
/// variability of model parameters, and the seed that makes it all reproducible.
public struct CohortSpec: Sendable, Codable {
  /// Virtual patients per arm (the same patients in every arm).
  public var patients: Int
  /// Seed of every random draw (covariates, random effects, adherence).
  public var seed: UInt64
  /// Whether every arm receives the same virtual patients (paired counterfactuals, the
  /// default) or arm `a` receives patients `a·patients ..< (a+1)·patients` (a parallel-group
  /// trial; effects are then unpaired differences of means).
  public var paired: Bool
  public var covariates: [CovariateSpec]
  public var variability: [RandomEffectSpec]
  /// Correlations between random effects (pairs not listed are uncorrelated).
  public var correlations: [Correlation]
  /// Young-adult reference BMD per site for T-score covariates.
  public var tScoreReference: [TScoreReference]
}

/// A covariate drawn for each patient.
public struct CovariateSpec: Sendable, Codable {
  /// A model input of kind `.patient`, a clock input (unit `y`, e.g. `patient.yearsSinceFMP`:
  /// its value at day 0), `tScore.<site>` (sets `patient.bmd0.<site>` from the reference), or
  /// a recorded-only covariate (`age`, `bodyMass`, `fatFreeMass`).
  public var name: String
  public var distribution: Distribution
  /// Unit the distribution is written in, if stated (checked against the covariate's unit).
  public var unit: String?
  public var position: SourcePosition
}

/// A lognormal multiplier on a patient-kind input: `default · exp(η)`, `η ~ N(0, ω²)`.
public struct RandomEffectSpec: Sendable, Codable {
  /// Input column, e.g. `iiv.turnover`.
  public var input: String
  /// Standard deviation of η [log units]; from a CV as `sqrt(log(1 + cv²))`.
  public var omega: Double
  public var position: SourcePosition
}

public struct Correlation: Sendable, Codable {
  public var first: String
  public var second: String
  /// Correlation of the two η [−1, 1].
  public var rho: Double
  public var position: SourcePosition
}

/// Young-adult mean and SD of areal BMD at a site [g/cm2], turning a T-score into a BMD:
/// `bmd = mean + T · sd`.
public struct TScoreReference: Sendable, Codable, Hashable {
  /// Site suffix of the input, e.g. `lumbarSpine` for `patient.bmd0.lumbarSpine`.
  public var site: String
  public var mean: Double
  public var sd: Double

  /// Defaults: lumbar spine L1–L4, Hologic young white women 1.047 ± 0.110 g/cm2; femoral neck,
  /// NHANES III young white women 0.858 ± 0.120 g/cm2 (Looker 1998). Override per scenario.
  public static let defaults: [TScoreReference] = [
    TScoreReference(site: "lumbarSpine", mean: 1.047, sd: 0.110),
    TScoreReference(site: "femoralNeck", mean: 0.858, sd: 0.120),
  ]
}

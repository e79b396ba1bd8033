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
  /// Young-adult reference BMD per site for T-score covariates and `t_score` outputs.
  public var tScoreReference: [TScoreReference]
  /// Age-matched reference BMD per site for `z_score` outputs (none built in).
  public var zScoreReference: [ZScoreReference] = []
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

/// Young-adult mean and SD of areal BMD at a site [g/cm2], turning a T-score into a BMD and
/// back: `bmd = mean + T · sd`.
public struct TScoreReference: Sendable, Codable, Hashable {
  /// Site suffix of the input, e.g. `lumbarSpine` for `patient.bmd0.lumbarSpine`.
  public var site: String
  /// [g/cm2]
  public var mean: Double
  /// [g/cm2]
  public var sd: Double
  /// The reference database, e.g. `NHANES III white women 20-29 y (Looker 1998)`.
  public var name: String

  public init(site: String, mean: Double, sd: Double, name: String) {
    self.site = site
    self.mean = mean
    self.sd = sd
    self.name = name
  }

  /// Defaults: lumbar spine L1–L4, Hologic young white women 1.047 ± 0.110 g/cm2 (the
  /// manufacturer's reference, as densitometers report spine T-scores); femoral neck, NHANES III
  /// white women 20–29 y 0.858 ± 0.120 g/cm2 (Looker 1998; the ISCD/WHO reference for the
  /// femoral neck). Override per scenario.
  public static let defaults: [TScoreReference] = [
    TScoreReference(site: "lumbarSpine", mean: 1.047, sd: 0.110, name: "Hologic L1-L4 young white women (manufacturer reference)"),
    TScoreReference(site: "femoralNeck", mean: 0.858, sd: 0.120, name: "NHANES III white women 20-29 y (Looker 1998)"),
  ]
}

/// Age-matched mean and SD of areal BMD at a site [g/cm2] from a densitometer's or survey's
/// reference database, turning a BMD into a Z-score: `Z = (bmd − mean(age)) / sd(age)`.
///
/// Mean and SD are interpolated linearly in age between the listed ages and held at the first
/// and last values outside them. BoneSim ships no age-matched table: Z-score references
/// differ between manufacturers and populations (ISCD 2019 adult official positions), so the
/// scenario names the one the densitometer uses.
public struct ZScoreReference: Sendable, Codable, Hashable {
  /// Site suffix of the input, e.g. `femoralNeck`.
  public var site: String
  public var name: String
  /// Ages of the table, strictly increasing [y].
  public var ages: [Double]
  /// Mean BMD at each age [g/cm2].
  public var means: [Double]
  /// SD of BMD at each age [g/cm2].
  public var sds: [Double]

  public init(site: String, name: String, ages: [Double], means: [Double], sds: [Double]) {
    precondition(!ages.isEmpty && ages.count == means.count && ages.count == sds.count)
    self.site = site
    self.name = name
    self.ages = ages
    self.means = means
    self.sds = sds
  }

  /// Mean and SD at `age` [y] (linear between the table's ages, constant outside them).
  public func reference(age: Double) -> (mean: Double, sd: Double) {
    guard age > ages[0] else { return (means[0], sds[0]) }
    guard let i = ages.firstIndex(where: { $0 >= age }) else { return (means[means.count - 1], sds[sds.count - 1]) }
    let w = (age - ages[i - 1]) / (ages[i] - ages[i - 1])
    return (means[i - 1] + w * (means[i] - means[i - 1]), sds[i - 1] + w * (sds[i] - sds[i - 1]))
  }
}

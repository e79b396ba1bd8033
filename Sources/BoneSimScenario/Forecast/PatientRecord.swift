/// What a clinic knows about one woman: the input of `bonesim forecast` (docs/FORECAST.md).
///
/// Pure data decoded from a YAML file; dates are kept as written and turned into days from
/// `asOf` (the forecast's day 0) by `ForecastDesign`.
public struct PatientRecord: Sendable, Codable {
  /// Names the output folder (`results/forecast/<name>`).
  public var name: String
  /// The day the forecast starts (protocols begin on it); no record may be later.
  public var asOf: CivilDate
  /// Age on `asOf` [y].
  public var age: Double
  /// Years from the final menstrual period to `asOf` (negative: before it) [y].
  public var yearsSinceFMP: Double
  /// Recorded only (body mass index in the output); the model has no BMI input (docs/MODEL.md §2.9).
  public var heightCm: Double?
  public var weightKg: Double?
  /// Young-adult reference per site for T-scores, with the database's name.
  public var tScoreReference: [DXASite: NamedTScoreReference]
  /// Age-matched reference per site for Z-scores (none unless the file gives one).
  public var zScoreReference: [DXASite: ZScoreReference] = [:]
  public var dxa: [DXAResult]
  /// Precision error (CV, fraction) of one scan per site.
  public var dxaPrecision: [DXASite: Double]
  public var labs: [LabResult]
  /// What she does now (energy availability, nutrition, exercise, other inputs), kept under
  /// every protocol unless a protocol sets the same input or exercise type itself.
  public var baseline: Arm?
  public var position: SourcePosition

  /// Body mass index [kg/m²] when height and weight are given.
  public var bmi: Double? {
    guard let h = heightCm, let w = weightKg else { return nil }
    return w / ((h / 100) * (h / 100))
  }
}

/// A young-adult reference: `T = (BMD − mean)/sd`.
public struct NamedTScoreReference: Sendable, Codable, Hashable {
  /// [g/cm2]
  public var mean: Double
  /// [g/cm2]
  public var sd: Double
  /// The reference database, e.g. `NHANES III white women 20-29 y (Looker 1998)`.
  public var name: String

  /// The references BoneSim uses when a file names none (also `TScoreReference.defaults`).
  public static let defaults: [DXASite: NamedTScoreReference] = [
    .lumbarSpine: .init(mean: 1.047, sd: 0.110, name: "Hologic L1-L4 young white women (manufacturer reference)"),
    .femoralNeck: .init(mean: 0.858, sd: 0.120, name: "NHANES III white women 20-29 y (Looker 1998)"),
  ]
}

/// One DXA result at one site.
public struct DXAResult: Sendable, Codable {
  public var date: CivilDate
  public var site: DXASite
  /// Areal BMD [g/cm2] (a T-score converted with the site's reference).
  public var bmd: Double
  /// The T-score as written, if the result was given as one.
  public var tScore: Double?
  public var position: SourcePosition
}

/// One serum measurement.
public struct LabResult: Sendable, Codable {
  public var date: CivilDate
  public var analyte: Analyte
  /// In `analyte.canonicalUnit`.
  public var value: Double
  public var assay: String
  /// Total coefficient of variation (fraction).
  public var cv: Double
  public var position: SourcePosition
}

/// A serum measurement a patient file may give, and how a forecast compares it with a twin.
///
/// Errors are log-normal with a total coefficient of variation: analytical imprecision plus
/// the day-to-day (within-person) variation a smooth model does not represent. The defaults
/// are assumed round values for a morning, fasting sample (docs/FORECAST.md lists them with
/// their reasoning); a lab entry's `cv:` replaces them.
public enum Analyte: String, Sendable, Codable, CaseIterable {
  case estradiol
  case testosterone
  /// Serum C-terminal telopeptide of type I collagen (bone resorption).
  case ctx
  /// Serum procollagen type I N-terminal propeptide (bone formation).
  case p1np

  /// The model output the analyte is compared with (variable name; site `systemic`).
  public var outputVariable: String {
    switch self {
    case .estradiol: "estradiol"
    case .testosterone: "testosterone"
    case .ctx: "ctx_pct_change"
    case .p1np: "p1np_pct_change"
    }
  }

  /// Whether the model gives the level itself (estradiol, testosterone) or only its change
  /// from day 0 (the markers: then only a series of two or more values informs, through
  /// ratios, and the level is left free).
  public var isAbsolute: Bool { self == .estradiol || self == .testosterone }

  /// Unit of the model output and of the values stored in a `LabResult`.
  public var canonicalUnit: String {
    switch self {
    case .estradiol: "pg/mL"
    case .testosterone: "ng/dL"
    case .ctx: "ng/mL"
    case .p1np: "ug/L"
    }
  }

  /// Units accepted in a patient file, with the factor to `canonicalUnit`.
  public var units: [String: Double] {
    switch self {
    // 1 pg/mL = 3.671 pmol/L (M = 272.4 g/mol).
    case .estradiol: ["pg/mL": 1, "pmol/L": 1 / 3.671]
    // 1 nmol/L = 28.84 ng/dL (M = 288.4 g/mol).
    case .testosterone: ["ng/dL": 1, "nmol/L": 28.84, "ng/mL": 100]
    case .ctx: ["ng/mL": 1, "ng/L": 0.001, "pg/mL": 0.001, "ug/L": 1]
    case .p1np: ["ug/L": 1, "ng/mL": 1]
    }
  }

  /// Assays a lab entry may name, with the default total CV (fraction).
  public var assays: [String: Double] {
    switch self {
    case .estradiol: ["lc_ms_ms": 0.25, "immunoassay": 0.45]
    case .testosterone: ["lc_ms_ms": 0.20, "immunoassay": 0.35]
    case .ctx: ["automated": 0.20]
    case .p1np: ["automated": 0.15]
    }
  }

  /// What an assay reads above the model's scale (the sensitive-assay scale of docs/MODEL.md
  /// §2.2): direct estradiol immunoassays read 10–20 pg/mL in postmenopausal women; the lower
  /// end is assumed. In `canonicalUnit`.
  public func offset(assay: String) -> Double {
    self == .estradiol && assay == "immunoassay" ? 10 : 0
  }

  /// Assay assumed when a lab entry names none.
  public var defaultAssay: String { isAbsolute ? "lc_ms_ms" : "automated" }
}

/// The densitometry sites a forecast reports, with default short-term DXA precision.
public enum DXASite: String, Sendable, Codable, CaseIterable {
  case lumbarSpine = "lumbar_spine"
  case femoralNeck = "femoral_neck"

  /// `patient.bmd0.<suffix>` and `t_score_reference` key of the cohort.
  public var inputSuffix: String { self == .lumbarSpine ? "lumbarSpine" : "femoralNeck" }

  /// Default precision error (CV, fraction) of one scan: typical short-term precision of an
  /// experienced centre (ISCD 2019 Official Positions set the *largest acceptable* individual
  /// precision at 1.9 % for the spine and 2.5 % for the femoral neck; typical centres reach
  /// about 1.0 % and 1.8 %). Assumed; a patient file's `dxa_precision:` replaces it.
  public var defaultPrecision: Double { self == .lumbarSpine ? 0.010 : 0.018 }

  /// Least significant change at 95 % confidence [fraction]: 2.77 × precision (ISCD).
  public static let leastSignificantChangeFactor = 2.77
}

/// One input column of a model: what a scenario may set, in which unit, and its default.
///
/// Inputs are the only way a scenario reaches a model (the model never reads the scenario):
/// doses, exercise, energy availability, nutrition, time relative to the final menstrual
/// period, per-patient covariates and per-patient parameter multipliers (random effects).
public struct ModelInput: Sendable, Hashable {
  /// How an input varies.
  public enum Kind: String, Sendable, Hashable {
    /// May change from day to day (a schedule): doses, exercise, energy availability.
    case daily
    /// Fixed per patient for the whole run: covariates, random-effect multipliers.
    case patient
  }

  /// Column name, e.g. `dose.estradiolTransdermal`.
  public let name: String
  /// Unit, e.g. `ug/day`; `1` for dimensionless.
  public let unit: String
  public let kind: Kind
  /// Value when a scenario says nothing.
  public let defaultValue: Double
  /// Values the model accepts; anything else is an input error.
  public let range: ClosedRange<Double>
  /// One line for docs and `--help`.
  public let summary: String
  /// When a scenario does not set this input: its value on day 0 is another input's plus an
  /// offset (age = years since the FMP + 51), instead of `defaultValue`.
  public let derivedDefault: DerivedDefault?
  /// For a clock input: the model's reference (initial) state is exact only while the input
  /// is at or below this value (years since the FMP ≤ −5, age ≤ 45). A scenario's history
  /// must reach back that far for every patient (`ScenarioPlan.historyDays`).
  public let referenceAtOrBelow: Double?

  /// `input(from) + offset`, for an input a scenario did not set.
  public struct DerivedDefault: Sendable, Hashable {
    public let from: String
    public let offset: Double
    public init(from: String, offset: Double) {
      self.from = from
      self.offset = offset
    }
  }

  /// Where the default and range come from (a citation or "assumed"); nil until documented.
  /// Shown by `bonesim inputs` and docs/INPUTS.md.
  public var source: String?
  /// Name shown to users where it differs from the column name (nil: derived from `name`).
  public var displayName: String?

  public init(
    _ name: String, unit: String, kind: Kind, default defaultValue: Double,
    range: ClosedRange<Double>, _ summary: String, derivedDefault: DerivedDefault? = nil,
    referenceAtOrBelow: Double? = nil, source: String? = nil, displayName: String? = nil
  ) {
    precondition(range.contains(defaultValue), "default of \(name) outside its range")
    self.name = name
    self.unit = unit
    self.kind = kind
    self.defaultValue = defaultValue
    self.range = range
    self.summary = summary
    self.derivedDefault = derivedDefault
    self.referenceAtOrBelow = referenceAtOrBelow
    self.source = source
    self.displayName = displayName
  }
}

/// Where an output is measured.
public enum Site: String, Sendable, Hashable, CaseIterable {
  case lumbarSpine = "lumbar_spine"
  case femoralNeck = "femoral_neck"
  /// Whole-body quantities (serum levels, energy availability).
  case systemic
}

/// One output of a model, as it appears in `summary.csv`: variable, site and unit.
public struct ModelOutput: Sendable, Hashable {
  /// Variable name of the output contract (DESIGN.md §3), e.g. `bmd_pct_change`.
  public let variable: String
  public let site: Site
  public let unit: String

  public init(_ variable: String, _ site: Site, _ unit: String) {
    self.variable = variable
    self.site = site
    self.unit = unit
  }
}

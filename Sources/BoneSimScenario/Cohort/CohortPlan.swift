import BoneSimCore
import BoneSimPhysiology
import Foundation

/// A cohort spec bound to a model's inputs: where each covariate and random effect goes.
public struct CohortPlan: Sendable {
  /// Where a covariate's value goes.
  public enum Target: Sendable {
    /// An input column, after multiplying by `factor` (unit conversion).
    case input(column: Int, factor: Double)
    /// A T-score turned into BMD of `column` by `mean + T · sd`.
    case tScore(column: Int, mean: Double, sd: Double)
    /// Recorded in `patients_covariates.csv` only.
    case recorded
  }

  public struct Covariate: Sendable {
    public let name: String
    public let distribution: Distribution
    public let target: Target
  }

  /// Covariates the model has no input for but a trial reports, with their units.
  public static let recordedCovariates: [String: String] = ["age": "y", "bodyMass": "kg", "fatFreeMass": "kg"]
  /// Short covariate names for model inputs (`age` sets `patient.age` when the model has it).
  public static let covariateAliases: [String: String] = ["age": "patient.age"]
  /// Prefix of T-score covariates (`tScore.femoralNeck` sets `patient.bmd0.femoralNeck`).
  public static let tScorePrefix = "tScore."
  public static let bmdPrefix = "patient.bmd0."
  /// Unit marking a daily input as a clock that advances one year per 365.25 days.
  public static let clockUnit = "y"

  public let patients: Int
  public let seed: UInt64
  /// Same patients in every arm (see `CohortSpec.paired`).
  public let paired: Bool

  /// Id of the first patient of arm `arm`: 0 when paired, `arm · patients` otherwise.
  public func firstPatient(arm: Int) -> Int { paired ? 0 : arm * patients }
  public let covariates: [Covariate]
  /// Random effects: input column and ω.
  public let effects: [(column: Int, omega: Double)]
  /// Lower Cholesky factor of the random effects' correlation matrix, row-major k × k.
  public let cholesky: [Double]
  /// Daily inputs with unit `y`: value on day d = value on day 0 + d / 365.25.
  public let clockColumns: [Int]
  public let defaults: [Double]
  /// Inputs no covariate sets whose day-0 value is another input's plus an offset
  /// (`ModelInput.derivedDefault`), applied after the covariates.
  public let derivedDefaults: [(column: Int, source: Int, offset: Double)]
  /// Ranges of the inputs (random-effect multipliers are clamped into them).
  let ranges: [ClosedRange<Double>]

  init(_ spec: CohortSpec, inputs: [ModelInput], horizonDays: Int, log: IssueLog) {
    patients = spec.patients
    seed = spec.seed
    paired = spec.paired
    defaults = inputs.map(\.defaultValue)
    ranges = inputs.map(\.range)
    let names = inputs.map(\.name)
    let clocks = inputs.indices.filter { inputs[$0].kind == .daily && inputs[$0].unit == Self.clockUnit }
    clockColumns = clocks
    var covariates: [Covariate] = []
    var assigned = Set<Int>()
    let patientNames = inputs.indices.filter { inputs[$0].kind == .patient || clocks.contains($0) }.map { names[$0] }
    let allowed = patientNames + Self.recordedCovariates.keys.sorted()
      + spec.tScoreReference.map { Self.tScorePrefix + $0.site }
    for c in spec.covariates {
      let field = "cohort.covariates.\(c.name)"
      var target: Target?
      var unit = "1"
      let alias = Self.covariateAliases[c.name].flatMap { patientNames.contains($0) ? $0 : nil }
      if alias == nil, let recordedUnit = Self.recordedCovariates[c.name] {
        target = .recorded
        unit = recordedUnit
      } else if c.name.hasPrefix(Self.tScorePrefix) {
        let site = String(c.name.dropFirst(Self.tScorePrefix.count))
        guard let ref = spec.tScoreReference.first(where: { $0.site == site }),
          let column = names.firstIndex(of: Self.bmdPrefix + site)
        else {
          log.report(c.position, field, "no T-score reference or input \(Self.bmdPrefix)\(site)\(didYouMean(c.name, in: allowed))")
          continue
        }
        target = .tScore(column: column, mean: ref.mean, sd: ref.sd)
        let lo = ref.mean + c.distribution.support.lowerBound * ref.sd
        let hi = ref.mean + c.distribution.support.upperBound * ref.sd
        if !inputs[column].range.contains(lo) || !inputs[column].range.contains(hi) {
          log.report(c.position, field, "T-scores from \(CompactNumber(c.distribution.support.lowerBound)) to \(CompactNumber(c.distribution.support.upperBound)) give BMD outside \(CompactNumber(inputs[column].range.lowerBound))...\(CompactNumber(inputs[column].range.upperBound)) g/cm2; bound the distribution with min and max")
        }
        if !assigned.insert(column).inserted { log.report(c.position, field, "\(names[column]) is set twice") }
      } else if let column = names.firstIndex(of: alias ?? c.name), patientNames.contains(alias ?? c.name) {
        let input = inputs[column]
        unit = input.unit
        var factor = 1.0
        if let u = c.unit {
          guard let f = UnitConversion.factor(from: u, to: input.unit) else {
            log.report(c.position, field, UnitConversion.mismatch(u, to: input.unit))
            continue
          }
          factor = f
        }
        target = .input(column: column, factor: factor)
        let support = c.distribution.support
        // A clock input advances by the horizon in years: its last value must be valid too.
        let horizonYears = clocks.contains(column) ? Double(horizonDays) / UnitConversion.daysPerYear : 0
        if !input.range.contains(support.lowerBound * factor) || !input.range.contains(support.upperBound * factor + horizonYears) {
          log.report(c.position, field, "draws from \(CompactNumber(support.lowerBound)) to \(CompactNumber(support.upperBound))\(horizonYears > 0 ? " (plus \(CompactNumber((horizonYears * 100).rounded() / 100)) y over the horizon)" : "") can fall outside the range of \(input.name) (\(CompactNumber(input.range.lowerBound))...\(CompactNumber(input.range.upperBound)) \(input.unit)); bound the distribution with min and max")
        }
        if !assigned.insert(column).inserted { log.report(c.position, field, "\(names[column]) is set twice") }
      } else {
        log.report(c.position, field, "unknown covariate '\(c.name)'\(didYouMean(c.name, in: allowed)); covariates are \(allowed.joined(separator: ", "))")
        continue
      }
      if case .recorded = target!, let u = c.unit, UnitConversion.factor(from: u, to: unit) != 1 {
        log.report(c.position, field, "'\(c.name)' is recorded in \(unit), found unit '\(u)'")
      }
      covariates.append(Covariate(name: c.name, distribution: c.distribution, target: target!))
    }
    self.covariates = covariates
    derivedDefaults = inputs.indices.compactMap { column in
      guard !assigned.contains(column), let rule = inputs[column].derivedDefault,
        let source = names.firstIndex(of: rule.from)
      else { return nil }
      return (column, source, rule.offset)
    }

    var effects: [(Int, Double)] = []
    for e in spec.variability {
      let field = "cohort.variability.\(e.input)"
      guard let column = names.firstIndex(of: e.input), inputs[column].kind == .patient else {
        let candidates = inputs.filter { $0.kind == .patient && $0.unit == "1" }.map(\.name)
        log.report(e.position, field, "random effects multiply a per-patient input of unit 1; '\(e.input)' is not one\(didYouMean(e.input, in: candidates))")
        continue
      }
      if assigned.contains(column) { log.report(e.position, field, "\(e.input) is already set as a covariate") }
      effects.append((column, e.omega))
    }
    self.effects = effects.map { (column: $0.0, omega: $0.1) }

    // Correlation matrix → Cholesky factor (error if not positive definite).
    let k = effects.count
    var corr = [Double](repeating: 0, count: k * k)
    for i in 0..<k { corr[i * k + i] = 1 }
    let effectNames = spec.variability.filter { v in effects.contains { names[$0.0] == v.input } }.map(\.input)
    for c in spec.correlations {
      guard let i = effectNames.firstIndex(of: c.first), let j = effectNames.firstIndex(of: c.second) else { continue }
      corr[i * k + j] = c.rho
      corr[j * k + i] = c.rho
    }
    if let l = Self.cholesky(corr, k) {
      cholesky = l
    } else {
      cholesky = corr
      log.report(spec.correlations.first?.position ?? SourcePosition(file: "", line: 1, column: 1), "cohort.correlations", "the correlations do not form a valid (positive-definite) correlation matrix")
    }
  }

  /// Years of history the most advanced patient needs to start at the model's reference state:
  /// over clock inputs with `referenceAtOrBelow`, the largest day-0 value minus that bound
  /// (0 when every patient is already there). nil when a day-0 value has no upper bound.
  public func requiredHistoryYears(inputs: [ModelInput]) -> (years: Double, input: String, value: Double, bound: Double)? {
    func largest(_ column: Int) -> Double {
      for c in covariates {
        if case .input(let col, let factor) = c.target, col == column {
          return factor >= 0 ? c.distribution.support.upperBound * factor : c.distribution.support.lowerBound * factor
        }
      }
      if let rule = derivedDefaults.first(where: { $0.column == column }) { return largest(rule.source) + rule.offset }
      return defaults[column]
    }
    var worst = (years: 0.0, input: "", value: 0.0, bound: 0.0)
    for column in clockColumns {
      guard let bound = inputs[column].referenceAtOrBelow else { continue }
      let value = largest(column)
      guard value.isFinite else { return nil }
      if value - bound > worst.years { worst = (value - bound, inputs[column].name, value, bound) }
    }
    return worst
  }

  /// Lower Cholesky factor of a symmetric k × k row-major matrix, or nil if not positive definite.
  static func cholesky(_ a: [Double], _ k: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: k * k)
    for i in 0..<k {
      for j in 0...i {
        var s = a[i * k + j]
        for m in 0..<j { s -= l[i * k + m] * l[j * k + m] }
        if i == j {
          guard s > 1e-12 else { return nil }
          l[i * k + i] = s.squareRoot()
        } else {
          l[i * k + j] = s / l[j * k + j]
        }
      }
    }
    return l
  }
}

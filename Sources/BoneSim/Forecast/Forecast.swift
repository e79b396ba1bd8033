import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// One woman's forecast under several protocols: her twins simulated, weighted by her
/// measurements, and summarised per protocol, day and variable (docs/FORECAST.md).
public struct Forecast: Sendable {
  /// One line of `forecast.csv`.
  public struct Row: Sendable {
    public let protocolName: String
    /// Days from `asOf` (negative: the fitted past).
    public let day: Int
    public let variable: String
    public let site: String
    public let unit: String
    public let median, p05, p25, p75, p95: Double
    /// P(T-score ≤ −2.5) (BMD and T-score rows).
    public let probabilityOsteoporosis: Double?
    /// P(true change ≤ −LSC): the probability that her true BMD change from `asOf` is at most
    /// minus the least significant change (BMD, T-score and BMD-change rows on days ≥ 0; nil
    /// before `asOf`).
    public let probabilityLoss: Double?
  }

  public let design: ForecastDesign
  public let trajectories: TwinTrajectories
  public let conditioning: Conditioning
  public let rows: [Row]

  /// Outputs the forecast reads from the twins.
  public static let variables = [
    "bmd_pct_change.lumbar_spine", "bmd_pct_change.femoral_neck", "estradiol.systemic", "testosterone.systemic",
    "ctx_pct_change.systemic", "p1np_pct_change.systemic",
  ]
  /// Stream of `PatientRandom` for her level at each DXA site (draw = site index).
  public static let levelStream: UInt32 = 3

  /// Her measurements as observations on the design's scenario days.
  public static func observations(_ design: ForecastDesign) -> [Observation] {
    let p = design.patient
    let dxa = p.dxa.map { d in
      Observation(kind: .dxa(d.site), day: design.scenarioDay(d.date), date: d.date, value: d.bmd, cv: p.dxaPrecision[d.site] ?? d.site.defaultPrecision)
    }
    let labs = p.labs.map { l in
      Observation(
        kind: .lab(l.analyte), day: design.scenarioDay(l.date), date: l.date, value: l.value, cv: l.cv,
        offset: l.analyte.offset(assay: l.assay))
    }
    return dxa + labs
  }

  /// Simulates the twins, conditions on her data and summarises.
  /// - Throws: `ForecastError.dataOutsideModel` when fewer than `minimumEffectiveSize` twins' worth of weight remain.
  /// - Throws: `RunError.insufficientMemory` (nothing simulated) when it would not fit in
  ///   memory (`maxMemoryGB`: `--max-memory`, else what the machine has available).
  public static func make(
    _ design: ForecastDesign, threads: Int, minimumEffectiveSize: Double, ensemble: ParameterEnsemble? = nil, maxMemoryGB: Double? = nil,
    stop: StopSignal? = nil
  ) throws -> Forecast {
    let trajectories = try TwinTrajectories.simulate(
      design.scenario, variables: variables, threads: threads, ensemble: ensemble, maxMemoryGB: maxMemoryGB, stop: stop)
    let control = trajectories.arms.firstIndex(of: design.scenario.control) ?? 0
    let conditioning = Conditioning(trajectories, observations: observations(design), arm: control)
    if conditioning.effectiveSize < minimumEffectiveSize {
      let worst = conditioning.groups.min { $0.effectiveSize < $1.effectiveSize }
      let detail = worst.map { "the least explained are her \($0.name) results (effective sample size \(String(format: "%.1f", $0.effectiveSize)) alone): \($0.summary)" } ?? "no record to condition on"
      throw ForecastError.dataOutsideModel(
        effectiveSize: conditioning.effectiveSize, twins: trajectories.twins, minimum: minimumEffectiveSize, leastExplained: detail)
    }
    return Forecast(design: design, trajectories: trajectories, conditioning: conditioning, rows: summarise(design, trajectories, conditioning))
  }

  /// Her true BMD [g/cm2] at a site for every twin at output day `t` of `arm` (nil without scans).
  public static func bmd(_ design: ForecastDesign, _ traj: TwinTrajectories, _ cond: Conditioning, site: DXASite, arm: Int, day t: Int) -> [Double]? {
    guard let level = cond.levels[site], let v = traj.index(of: "bmd_pct_change.\(site.rawValue)") else { return nil }
    let siteIndex = UInt32(DXASite.allCases.firstIndex(of: site)!)
    let column = traj.column(arm: arm, day: t, variable: v)
    return (0..<traj.twins).map { i in
      let z = PatientRandom(seed: design.scenario.cohort.seed, patient: i, stream: levelStream).normal(siteIndex)
      return Foundation.exp(level.mean[i] + level.sd * z) * (1 + column[column.startIndex + i] / 100)
    }
  }

  static func summarise(_ design: ForecastDesign, _ traj: TwinTrajectories, _ cond: Conditioning) -> [Row] {
    var rows: [Row] = []
    let w = cond.weights
    let today = traj.dayIndex(design.startOffset)!
    func row(_ arm: Int, _ day: Int, _ variable: String, _ site: String, _ unit: String, _ xs: [Double], osteoporosis: Double? = nil, loss: Double? = nil) {
      guard let s = WeightedSample(values: xs, weights: w) else { return }
      rows.append(
        Row(
          protocolName: traj.arms[arm], day: day, variable: variable, site: site, unit: unit, median: s.quantile(0.5), p05: s.quantile(0.05),
          p25: s.quantile(0.25), p75: s.quantile(0.75), p95: s.quantile(0.95), probabilityOsteoporosis: osteoporosis, probabilityLoss: loss))
    }
    func relative(_ arm: Int, _ t: Int, _ variable: String) -> [Double] {
      let v = traj.index(of: variable)!
      let now = traj.column(arm: arm, day: today, variable: v), then = traj.column(arm: arm, day: t, variable: v)
      return (0..<traj.twins).map { 100 * ((1 + then[then.startIndex + $0] / 100) / (1 + now[now.startIndex + $0] / 100) - 1) }
    }
    for arm in traj.arms.indices {
      for day in design.forecastDays {
        let t = traj.dayIndex(day + design.startOffset)!
        for site in DXASite.allCases {
          let change = relative(arm, t, "bmd_pct_change.\(site.rawValue)")
          let precision = design.patient.dxaPrecision[site] ?? site.defaultPrecision
          let lsc = 100 * DXASite.leastSignificantChangeFactor * precision
          // P(true change ≤ −LSC): a loss since as_of, so none before it (nan in the CSV).
          let loss = day < 0 ? nil : WeightedSample(values: change, weights: w)?.probability(atOrBelow: -lsc)
          if let bmd = bmd(design, traj, cond, site: site, arm: arm, day: t), let ref = design.patient.tScoreReference[site] {
            let tScores = bmd.map { ($0 - ref.mean) / ref.sd }
            let osteoporosis = WeightedSample(values: tScores, weights: w)?.probability(atOrBelow: -2.5)
            row(arm, day, "bmd", site.rawValue, "g/cm2", bmd, osteoporosis: osteoporosis, loss: loss)
            row(arm, day, "t_score", site.rawValue, BMDScore.unit, tScores, osteoporosis: osteoporosis, loss: loss)
            if let ageMatched = design.patient.zScoreReference[site] {
              // Against the reference at her age on the day.
              let r = ageMatched.reference(age: design.patient.age + Double(day) / UnitConversion.daysPerYear)
              row(arm, day, "z_score", site.rawValue, BMDScore.unit, bmd.map { ($0 - r.mean) / r.sd })
            }
          }
          row(arm, day, "bmd_change_from_today", site.rawValue, "%", change, loss: loss)
        }
        for (variable, unit) in [("estradiol", "pg/mL"), ("testosterone", "ng/dL")] {
          let v = traj.index(of: "\(variable).systemic")!
          row(arm, day, variable, "systemic", unit, Array(traj.column(arm: arm, day: t, variable: v)))
        }
        row(arm, day, "ctx_change_from_today", "systemic", "%", relative(arm, t, "ctx_pct_change.systemic"))
        row(arm, day, "p1np_change_from_today", "systemic", "%", relative(arm, t, "p1np_pct_change.systemic"))
      }
    }
    return rows
  }

  /// Columns of `forecast.csv`.
  public static let columns: [OutputColumn] = [
    OutputColumn("protocol", .string, unit: nil, "arm of the protocols file"),
    OutputColumn("day", .integer, unit: "day", "days from as_of (negative: the fitted past, before any protocol starts)"),
    OutputColumn("date", .string, unit: nil, "as_of + day (YYYY-MM-DD)"),
    OutputColumn("variable", .string, unit: nil, "bmd, t_score, z_score (with a z_score_reference), bmd_change_from_today, estradiol, testosterone, ctx_change_from_today, p1np_change_from_today"),
    OutputColumn("site", .string, unit: nil, "lumbar_spine, femoral_neck or systemic"),
    OutputColumn("unit", .string, unit: nil, "unit of the value columns"),
    OutputColumn("median", .float, unit: nil, "weighted median over her twins"),
    OutputColumn("p05", .float, unit: nil, "5th percentile (lower end of the 90 % prediction interval)"),
    OutputColumn("p25", .float, unit: nil, "25th percentile"),
    OutputColumn("p75", .float, unit: nil, "75th percentile"),
    OutputColumn("p95", .float, unit: nil, "95th percentile (upper end of the 90 % prediction interval)"),
    OutputColumn("p_t_score_le_minus_2_5", .float, unit: "1", "probability that her T-score is -2.5 or lower (bmd and t_score rows; nan otherwise)"),
    OutputColumn("p_loss_ge_lsc", .float, unit: "1", "P(true change <= -LSC): probability that the change of her true BMD since as_of is at most minus the least significant change (LSC = 2.77 x the site's DXA precision) (bmd, t_score and bmd_change_from_today rows on days >= 0; nan before as_of and otherwise)"),
  ]

  /// `forecast.csv` as text.
  public func csv() -> String {
    var text = CSVFormat.line(Self.columns.map(\.name))
    let asOf = design.patient.asOf
    for r in rows {
      text += CSVFormat.line(
        [r.protocolName, String(r.day), asOf.adding(days: r.day).description, r.variable, r.site, r.unit]
          + [r.median, r.p05, r.p25, r.p75, r.p95].map(CSVFormat.number)
          + [r.probabilityOsteoporosis ?? .nan, r.probabilityLoss ?? .nan].map(CSVFormat.number))
    }
    return text
  }

  /// The terminal table: per protocol, each site's T-score today and at the horizon with the
  /// 90 % prediction interval and the two probabilities.
  public func table() -> String {
    let horizon = design.horizonDays
    let years = Double(horizon) / 365.25
    let when = years == years.rounded() ? "\(Int(years)) y" : String(format: "%.1f y", years)
    func find(_ arm: String, _ day: Int, _ variable: String, _ site: String) -> Row? {
      rows.first { $0.protocolName == arm && $0.day == day && $0.variable == variable && $0.site == site }
    }
    func t(_ x: Double) -> String { String(format: "%.1f", x).replacingOccurrences(of: "-", with: "−") }
    func pct(_ x: Double?) -> String { x.map { String(format: "%.0f %%", 100 * $0) } ?? "—" }
    var lines: [String] = []
    let ess = String(format: "%.0f", conditioning.effectiveSize)
    lines.append(
      "\(design.patient.name), as of \(design.patient.asOf): \(trajectories.twins) twins, effective sample size \(ess) after conditioning on \(design.patient.dxa.count) DXA result\(design.patient.dxa.count == 1 ? "" : "s") and \(design.patient.labs.count) lab value\(design.patient.labs.count == 1 ? "" : "s")")
    for site in DXASite.allCases where conditioning.levels[site] != nil {
      let label = site == .lumbarSpine ? "LS" : "FN"
      lines.append("")
      lines.append("\(label) T-score (\(design.patient.tScoreReference[site]!.name)) at \(when); 90 % prediction interval; P(T ≤ −2.5); P(loss ≥ LSC)")
      let width = max(trajectories.arms.map(\.count).max() ?? 8, 8)
      for arm in trajectories.arms {
        guard let now = find(arm, 0, "t_score", site.rawValue), let then = find(arm, horizon, "t_score", site.rawValue) else { continue }
        let name = arm.padding(toLength: width, withPad: " ", startingAt: 0)
        lines.append(
          "  \(name)  \(t(now.median)) → \(t(then.median)) (90 % PI \(t(then.p05)) … \(t(then.p95)))   \(pct(then.probabilityOsteoporosis))   \(pct(then.probabilityLoss))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension CivilDate {
  /// The date `days` later (earlier when negative).
  public func adding(days: Int) -> CivilDate {
    // Hinnant's civil_from_days.
    let z = dayNumber + days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return CivilDate(year: y, month: m, day: d)
  }
}

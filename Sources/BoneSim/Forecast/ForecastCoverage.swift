import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// Are a forecast's prediction intervals honest for a woman like this one?
///
/// Synthetic women are drawn from the same population as her twins (her covariates, the
/// protocols file's variability): each gets a true trajectory under every protocol, noisy
/// records at her record dates (DXA, labs; the forecast's error model), and a forecast from
/// the twins. Coverage is how often her true BMD at the horizon falls inside the 90 % and
/// 50 % prediction intervals; it should be 0.9 and 0.5 within binomial error. The same women
/// forecast from their latest scans alone (no earlier scans, no labs) show what the history adds.
public struct ForecastCoverage: Sendable {
  /// One protocol × site.
  public struct Cell: Sendable {
    public let protocolName: String
    public let site: DXASite
    /// Synthetic women forecast (refused ones left out).
    public let women: Int
    public let inside90: Int
    public let inside50: Int
    /// Mean width of the 90 % interval of BMD at the horizon [g/cm2], full record.
    public let width90: Double
    /// The same from the latest scans only.
    public let width90LatestOnly: Double

    public var coverage90: Double { Double(inside90) / Double(Swift.max(women, 1)) }
    public var coverage50: Double { Double(inside50) / Double(Swift.max(women, 1)) }
  }

  public let cells: [Cell]
  /// Synthetic women whose forecast was refused (effective sample size below the minimum).
  public let refused: Int
  /// Synthetic women left out because their own trajectory left the physiological bounds
  /// (flagged by the run: no true values to make records from).
  public let flagged: Int
  public let truths: Int
  public let twins: Int
  /// Mean effective sample size over the synthetic women.
  public let meanEffectiveSize: Double

  /// Stream of `PatientRandom` for a synthetic woman's measurement errors (draw = record index).
  public static let noiseStream: UInt32 = 4

  /// - Parameter design: built with `twins + truths` patients: patients `0 ..< twins` are
  ///   the twins, the rest the synthetic women.
  public static func run(
    _ design: ForecastDesign, twins: Int, truths: Int, threads: Int, minimumEffectiveSize: Double, ensemble: ParameterEnsemble? = nil,
    maxMemoryGB: Double? = nil, stop: StopSignal? = nil
  ) throws -> ForecastCoverage {
    precondition(design.scenario.cohort.patients == twins + truths)
    // The twins' values are held twice: in every patient's trajectories and restricted to the twins.
    let all = try TwinTrajectories.simulate(
      design.scenario, variables: Forecast.variables, threads: threads, ensemble: ensemble, maxMemoryGB: maxMemoryGB, keptCopies: 2,
      stop: stop)
    let traj = all.restricted(to: 0..<twins)
    let control = all.arms.firstIndex(of: design.scenario.control) ?? 0
    let horizon = all.dayIndex(design.startOffset + design.horizonDays)!
    let patient = design.patient
    let seed = design.scenario.cohort.seed
    // Her latest scan per site sets each synthetic woman's true BMD on that date.
    var latest: [DXASite: DXAResult] = [:]
    for d in patient.dxa where latest[d.site].map({ $0.date < d.date }) ?? true { latest[d.site] = d }
    let sites = DXASite.allCases.filter { latest[$0] != nil }

    var inside90 = [Int](repeating: 0, count: all.arms.count * sites.count), inside50 = inside90
    var width = [Double](repeating: 0, count: inside90.count), widthLatest = width
    var refused = 0, flagged = 0, counted = 0
    var essSum = 0.0
    for j in 0..<truths {
      let id = twins + j
      func value(_ variable: String, arm: Int, day: Int) -> Double {
        let c = all.column(arm: arm, day: all.dayIndex(day)!, variable: all.index(of: variable)!)
        return c[c.startIndex + id]
      }
      func trueBMD(_ site: DXASite, arm: Int, day: Int) -> Double {
        let ref = latest[site]!
        let v = "bmd_pct_change.\(site.rawValue)"
        return ref.bmd * (1 + value(v, arm: arm, day: day) / 100) / (1 + value(v, arm: control, day: design.scenarioDay(ref.date)) / 100)
      }
      let noise = PatientRandom(seed: seed, patient: id, stream: noiseStream)
      var observations: [Observation] = []
      for (k, o) in Forecast.observations(design).enumerated() {
        let e = Foundation.exp(o.sigma * noise.normal(UInt32(k)))
        let truth: Double
        switch o.kind {
        case .dxa(let site): truth = trueBMD(site, arm: control, day: o.day)
        case .lab(let analyte):
          let x = value("\(analyte.outputVariable).systemic", arm: control, day: o.day)
          truth = analyte.isAbsolute ? x + o.offset : 1 + x / 100
        }
        observations.append(
          Observation(
            kind: o.kind, day: o.day, date: o.date, value: truth * e, cv: Foundation.sqrt(Foundation.exp(o.sigma * o.sigma) - 1),
            offset: o.offset))
      }
      guard !observations.contains(where: { !$0.value.isFinite }) else {  // a flagged synthetic woman
        flagged += 1
        continue
      }
      let full = Conditioning(traj, observations: observations, arm: control)
      let latestOnly = Conditioning(
        traj,
        observations: observations.filter { o in
          if case .dxa(let s) = o.kind { return o.date == latest[s]!.date }
          return false
        }, arm: control)
      guard full.effectiveSize >= minimumEffectiveSize else {
        refused += 1
        continue
      }
      counted += 1
      essSum += full.effectiveSize
      for a in all.arms.indices {
        for (si, site) in sites.enumerated() {
          let cell = a * sites.count + si
          let truth = trueBMD(site, arm: a, day: all.days[horizon])
          let predicted = WeightedSample(values: Forecast.bmd(design, traj, full, site: site, arm: a, day: horizon)!, weights: full.weights)!
          if predicted.quantile(0.05) <= truth && truth <= predicted.quantile(0.95) { inside90[cell] += 1 }
          if predicted.quantile(0.25) <= truth && truth <= predicted.quantile(0.75) { inside50[cell] += 1 }
          width[cell] += predicted.quantile(0.95) - predicted.quantile(0.05)
          let alone = WeightedSample(values: Forecast.bmd(design, traj, latestOnly, site: site, arm: a, day: horizon)!, weights: latestOnly.weights)!
          widthLatest[cell] += alone.quantile(0.95) - alone.quantile(0.05)
        }
      }
    }
    var cells: [Cell] = []
    for a in all.arms.indices {
      for (si, site) in sites.enumerated() {
        let c = a * sites.count + si
        let n = Double(Swift.max(counted, 1))
        cells.append(
          Cell(
            protocolName: all.arms[a], site: site, women: counted, inside90: inside90[c], inside50: inside50[c], width90: width[c] / n,
            width90LatestOnly: widthLatest[c] / n))
      }
    }
    return ForecastCoverage(
      cells: cells, refused: refused, flagged: flagged, truths: truths, twins: twins, meanEffectiveSize: essSum / Double(Swift.max(counted, 1)))
  }

  /// Whether `observed` of `n` is within `z` binomial standard errors of `p`.
  public static func withinBinomial(_ observed: Double, n: Int, p: Double, z: Double = 2.58) -> Bool {
    abs(observed - p) <= z * (p * (1 - p) / Double(Swift.max(n, 1))).squareRoot()
  }

  /// z of the binomial check: each of the 2 × cells checks at 1 − 0.01/(2 × cells) (Bonferroni),
  /// so a calibrated forecast fails the whole table with probability 1 % at most (28 checks: z ≈ 3.6).
  public var z: Double { -StandardNormal.quantile(0.01 / Double(2 * Swift.max(cells.count, 1)) / 2) }

  /// Largest fraction of the synthetic women that may go without a forecast (refused or
  /// flagged) before the check fails (`bonesim forecast --coverage` exits 1).
  public static let maxUnforecastFraction = 0.1

  /// Whether more than `maxUnforecastFraction` of the synthetic women were refused or flagged.
  public var tooManyUnforecast: Bool { Double(refused + flagged) > Self.maxUnforecastFraction * Double(truths) }

  /// Cells whose 90 % or 50 % coverage is outside binomial error (`z`).
  public var failures: [Cell] {
    cells.filter { !Self.withinBinomial($0.coverage90, n: $0.women, p: 0.9, z: z) || !Self.withinBinomial($0.coverage50, n: $0.women, p: 0.5, z: z) }
  }

  public func table() -> String {
    var lines = [
      "coverage of the prediction intervals of BMD at the horizon: \(truths) synthetic women like her (\(cells.first?.women ?? 0) forecast, \(refused) refused: effective sample size below the minimum, \(flagged) dropped: left physiological bounds), \(twins) twins, mean effective sample size \(String(format: "%.0f", meanEffectiveSize))",
      "protocol                 site           90 % PI   50 % PI   mean 90 % width g/cm2 (latest scans only)   [binomial check: ±\(String(format: "%.2f", z)) SE]",
    ]
    for c in cells {
      let ok = Self.withinBinomial(c.coverage90, n: c.women, p: 0.9, z: z) && Self.withinBinomial(c.coverage50, n: c.women, p: 0.5, z: z)
      lines.append(
        "\(c.protocolName.padding(toLength: 24, withPad: " ", startingAt: 0)) \(c.site.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(String(format: "%5.3f", c.coverage90))     \(String(format: "%5.3f", c.coverage50))     \(String(format: "%.4f (%.4f)", c.width90, c.width90LatestOnly))\(ok ? "" : "   outside binomial error")")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension TwinTrajectories {
  /// The same trajectories for patients `range` only.
  public func restricted(to range: Range<Int>) -> TwinTrajectories {
    var kept: [Double] = []
    kept.reserveCapacity(arms.count * days.count * variables.count * range.count)
    for a in arms.indices {
      for t in days.indices {
        for v in variables.indices {
          let c = column(arm: a, day: t, variable: v)
          kept.append(contentsOf: c[(c.startIndex + range.lowerBound)..<(c.startIndex + range.upperBound)])
        }
      }
    }
    return TwinTrajectories(arms: arms, days: days, variables: variables, twins: range.count, values: kept, flagged: flagged)
  }
}

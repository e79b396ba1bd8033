import BoneSimIO
import BoneSimScenario
import Foundation

/// One measured value a forecast conditions on.
public struct Observation: Sendable {
  public enum Kind: Sendable, Hashable {
    case dxa(DXASite)
    case lab(Analyte)
  }
  public let kind: Kind
  /// Scenario day of the measurement.
  public let day: Int
  public let date: CivilDate
  /// g/cm2 (DXA) or the analyte's canonical unit.
  public let value: Double
  /// Standard deviation of the log of a measurement, from its CV: `√ln(1 + CV²)`.
  public let sigma: Double
  /// Added to the twin's level before comparing (an assay that reads higher than the model's scale).
  public let offset: Double

  public init(kind: Kind, day: Int, date: CivilDate, value: Double, cv: Double, offset: Double = 0) {
    self.kind = kind
    self.day = day
    self.date = date
    self.value = value
    self.sigma = (Foundation.log(1 + cv * cv)).squareRoot()
    self.offset = offset
  }

  /// The twins' output compared with it (`variable.site`).
  public var variable: String {
    switch kind {
    case .dxa(let site): "bmd_pct_change.\(site.rawValue)"
    case .lab(let analyte): "\(analyte.outputVariable).systemic"
    }
  }

  /// Whether the twin's output is a change from day 0 (`1 + x/100` is compared, with her
  /// level left free) rather than the level itself.
  var isRelative: Bool {
    switch kind {
    case .dxa: true
    case .lab(let analyte): !analyte.isAbsolute
    }
  }

  var groupName: String {
    switch kind {
    case .dxa(let site): "dxa \(site.rawValue)"
    case .lab(let analyte): "labs \(analyte.rawValue)"
    }
  }
}

/// Importance weights of the twins given her measurements (sequential importance sampling
/// with the population model as proposal: each twin's weight is the likelihood of her data
/// under the twin's trajectory).
///
/// Errors are log-normal (`Observation.sigma`). DXA series and marker series compare changes:
/// her unknown level is integrated out analytically (a flat prior on its log), so the weight
/// of a series is `exp(−½ Σ (y_k − ȳ)²/σ_k²)` with `y_k = ln m_k − ln r_k` (`r_k` the twin's
/// value relative to day 0) and `ȳ` their precision-weighted mean; a single value carries no
/// weight. Given the twin, the log of her level at day 0 is normal with mean `ȳ` and standard
/// deviation `(Σ 1/σ_k²)^(−1/2)` (`levels`). Estradiol and testosterone compare levels.
public struct Conditioning: Sendable {
  /// One kind of measurement (a DXA site, an analyte) and how well the twins explain it alone.
  public struct Group: Sendable, Codable {
    public let name: String
    public let observations: Int
    /// Kish effective sample size of the weights from this group alone.
    public let effectiveSize: Double
    /// Her values, and where the twins put them (for messages).
    public let summary: String
  }

  /// Posterior of the log of her BMD at scenario day 0 at a site, per twin.
  public struct Level: Sendable {
    public let mean: [Double]
    public let sd: Double
  }

  public let twins: Int
  /// Normalised weights (sum 1); 0 for flagged twins.
  public let weights: [Double]
  public let effectiveSize: Double
  public let groups: [Group]
  public let levels: [DXASite: Level]

  /// - Parameter arm: the arm whose trajectories are compared (every arm holds her baseline
  ///   before the protocols start, so any arm gives the same past).
  public init(_ traj: TwinTrajectories, observations: [Observation], arm: Int) {
    let n = traj.twins
    twins = n
    var total = [Double](repeating: 0, count: n)
    var groups: [Group] = []
    var levels: [DXASite: Level] = [:]
    var order: [String] = []
    var byGroup: [String: [Observation]] = [:]
    for o in observations {
      if byGroup[o.groupName] == nil { order.append(o.groupName) }
      byGroup[o.groupName, default: []].append(o)
    }
    for name in order {
      let obs = byGroup[name]!.sorted { $0.day < $1.day }
      let v = traj.index(of: obs[0].variable)!
      let columns = obs.map { traj.column(arm: arm, day: traj.dayIndex($0.day)!, variable: v) }
      var ll = [Double](repeating: 0, count: n)
      if obs[0].isRelative {
        let precision = obs.reduce(0) { $0 + 1 / ($1.sigma * $1.sigma) }
        var means = [Double](repeating: .nan, count: n)
        for i in 0..<n {
          var ys: [Double] = []
          for (k, o) in obs.enumerated() { ys.append(Foundation.log(o.value) - Foundation.log(1 + columns[k][columns[k].startIndex + i] / 100)) }
          var mean = 0.0
          for (k, o) in obs.enumerated() { mean += ys[k] / (o.sigma * o.sigma) }
          mean /= precision
          var s = 0.0
          for (k, o) in obs.enumerated() { s += (ys[k] - mean) * (ys[k] - mean) / (o.sigma * o.sigma) }
          ll[i] = s.isFinite ? -0.5 * s : -.infinity
          means[i] = mean
        }
        if case .dxa(let site) = obs[0].kind { levels[site] = Level(mean: means, sd: 1 / precision.squareRoot()) }
      } else {
        for i in 0..<n {
          var s = 0.0
          for (k, o) in obs.enumerated() {
            let model = columns[k][columns[k].startIndex + i] + o.offset
            let r = Foundation.log(o.value) - Foundation.log(Swift.max(model, 1e-6))
            s += r * r / (o.sigma * o.sigma)
          }
          ll[i] = s.isFinite ? -0.5 * s : -.infinity
        }
      }
      for i in 0..<n { total[i] += ll[i] }
      let alone = Self.normalised(ll)
      groups.append(
        Group(
          name: name, observations: obs.count, effectiveSize: WeightedSample.effectiveSize(alone),
          summary: Self.describe(obs, columns: columns)))
    }
    // A flagged twin (NaN outputs) carries no weight even when nothing is observed.
    if let v = traj.index(of: "bmd_pct_change.lumbar_spine") {
      for t in 0..<traj.days.count {
        let c = traj.column(arm: arm, day: t, variable: v)
        for i in 0..<n where !c[c.startIndex + i].isFinite { total[i] = -.infinity }
      }
    }
    weights = Self.normalised(total)
    effectiveSize = WeightedSample.effectiveSize(weights)
    self.groups = groups
    self.levels = levels
  }

  /// `exp(ll − max)`, normalised to sum 1 (all zero when no twin is finite).
  static func normalised(_ ll: [Double]) -> [Double] {
    let top = ll.filter(\.isFinite).max() ?? 0
    var w = ll.map { $0.isFinite ? Foundation.exp($0 - top) : 0 }
    let s = w.reduce(0, +)
    if s > 0 { w = w.map { $0 / s } }
    return w
  }

  /// "lumbar_spine DXA 2024-11-10 → 2026-11-20: −6.2 %; the twins: −3.1 … +0.4 % (1st–99th percentile)".
  static func describe(_ obs: [Observation], columns: [ArraySlice<Double>]) -> String {
    func pct(_ x: Double) -> String { String(format: "%+.1f %%", x) }
    func range(_ xs: [Double]) -> String {
      let s = xs.filter(\.isFinite).sorted()
      guard !s.isEmpty else { return "no finite values" }
      let lo = s[Int(Double(s.count - 1) * 0.01)], hi = s[Int(Double(s.count - 1) * 0.99)]
      return "\(String(format: "%.3g", lo)) … \(String(format: "%.3g", hi))"
    }
    let first = obs.first!, last = obs.last!
    if first.isRelative {
      guard obs.count > 1 else { return "\(first.groupName) on \(first.date): one value (a single value carries no weight)" }
      let seen = 100 * (last.value / first.value - 1)
      let a = columns.first!, b = columns.last!
      let twins = zip(a, b).map { 100 * ((1 + $1 / 100) / (1 + $0 / 100) - 1) }
      return "\(first.groupName) \(first.date) → \(last.date): \(pct(seen)); the twins: \(range(twins)) % (1st–99th percentile)"
    }
    return "\(first.groupName) \(String(format: "%.3g", last.value)) on \(last.date); the twins: \(range(Array(columns[obs.count - 1]))) (1st–99th percentile)"
  }
}

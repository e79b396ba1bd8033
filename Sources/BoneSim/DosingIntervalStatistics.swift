import BoneSimPhysiology
import BoneSimScenario

/// Statistics of a hormone level over the dosing interval that ends at each output day, as
/// pharmacometric tables report them: the trough (lowest daily level), the mean over the
/// interval and the area under the curve.
///
/// The model's hormone levels are daily (their half-lives are minutes to hours, so serum is
/// quasi-steady in each day's input; `HormoneExposure`), so a statistic over the window
/// `[d − W + 1, d]` of output day `d` reads the level on each of those `W` days:
/// ```
/// trough             = min_i c_i                      [unit of the level]
/// mean_over_interval = (1/W)·Σ_i c_i                  [unit of the level]
/// auc                = Σ_i c_i · 1 day                [unit of the level · day]
/// ```
/// The window `W` of a hormone is one for the whole scenario, so arms and their differences
/// compare like with like: the longest dosing period of a regimen of that hormone's agent in
/// any arm (the on/off cycle's length for a cyclic regimen, else the interval), made a whole
/// number of days by the smallest multiple (up to 4) that is one (a 3.5-day patch gives
/// 7 days: two patches), else rounded up; 7 days when no arm doses the agent. Windows are cut
/// at day 0 (day 0's window is that day alone), and `W` is stated in the manifest.
///
/// These outputs cost one evaluation of the model's outputs on every day of every window, so
/// they are written only when the scenario's `outputs:` (or `--outputs`) names them.
public struct DosingIntervalStatistic: Sendable, Hashable {
  public enum Kind: String, CaseIterable, Sendable {
    case trough
    case meanOverInterval = "mean_over_interval"
    case auc
  }

  /// The hormone output the statistic reads (index into the model's outputs).
  public let source: Int
  public let kind: Kind
  /// Window [day], ≥ 1.
  public let windowDays: Int
  /// The derived output: `<variable>_<kind>` at the source's site.
  public let output: ModelOutput

  /// Hormone variables with dosing-interval statistics, and the dosing agents that set each
  /// one's window.
  public static let hormones: [(variable: String, agents: [String])] = [
    ("estradiol", ["estradiol"]),
    ("testosterone", ["testosterone_cypionate", "testosterone"]),
    ("progesterone", ["progesterone"]),
  ]

  /// Window when no arm doses a hormone's agent [day].
  public static let defaultWindowDays = 7

  /// Every statistic `outputs` has hormones for, with windows from `scenario`'s regimens.
  public static func all(for outputs: [ModelOutput], scenario: Scenario) -> [DosingIntervalStatistic] {
    hormones.flatMap { hormone in
      let window = windowDays(agents: hormone.agents, scenario: scenario)
      return outputs.indices.filter { outputs[$0].variable == hormone.variable }.flatMap { o in
        Kind.allCases.map { kind in
          let source = outputs[o]
          let unit = kind == .auc ? "\(source.unit)*day" : source.unit
          return DosingIntervalStatistic(
            source: o, kind: kind, windowDays: window,
            output: ModelOutput("\(source.variable)_\(kind.rawValue)", source.site, unit))
        }
      }
    }
  }

  /// The window of a hormone whose regimens use `agents` (see the type's documentation).
  public static func windowDays(agents: [String], scenario: Scenario) -> Int {
    let periods = scenario.arms.flatMap(\.dosing).filter { agents.contains($0.agent) }.map { $0.cycle?.lengthDays ?? $0.intervalDays }
    guard let period = periods.max(), period > 0 else { return defaultWindowDays }
    // A window longer than the run is cut at day 0 anyway.
    let longest = Swift.min(period, Double(scenario.durationDays + 1))
    for k in 1...4 {
      let days = Double(k) * longest
      if abs(days - days.rounded()) < 1e-9 { return Swift.max(1, Int(days.rounded())) }
    }
    return Int(longest.rounded(.up))
  }

  /// First day of the window of output day `day`.
  public func windowStart(_ day: Int) -> Int { Swift.max(0, day - windowDays + 1) }
}

/// Cohort statistics of one output on one day of one arm: what summaries provide.
public struct ArmDaySummary: Sendable, Hashable {
  public let n: Int
  public let mean: Double
  public let sd: Double

  public init(n: Int, mean: Double, sd: Double) {
    self.n = n
    self.mean = mean
    self.sd = sd
  }
}

/// Where validation reads a scenario's results.
public protocol ScenarioResults {
  /// Summary of `variable` at `site` on `day` in `arm`, or nil if not simulated.
  func summary(arm: String, variable: String, site: String, day: Int) -> ArmDaySummary?
  /// Paired difference arm − comparator (mean, 95 % interval, n), if the run computed it.
  func pairedDifference(arm: String, comparator: String, variable: String, site: String, day: Int)
    -> (mean: Double, low: Double, high: Double, n: Int)?
}

/// A target's simulated value with an approximate 95 % interval.
public struct ValidationOutcome: Sendable {
  public let target: ValidationTarget
  public let simulated: Double
  public let low: Double
  public let high: Double
  /// In the band; for a property row, the whole 95 % interval (when there is one) must be.
  public var pass: Bool {
    guard simulated >= target.bandLow && simulated <= target.bandHigh else { return false }
    guard target.role == .property, !low.isNaN else { return true }
    return low >= target.bandLow && high <= target.bandHigh
  }
}

public enum ValidationError: Error, CustomStringConvertible {
  case missing(target: String, what: String)

  public var description: String {
    switch self {
    case .missing(let t, let what): return "target \(t): the scenario run has no \(what)"
    }
  }
}

extension ValidationTarget {
  /// Computes the statistic from `results`.
  ///
  /// Point estimates use arm means (all statistics are linear in the means except `share`
  /// and `percent_change`, which are ratios of means). Intervals: paired from the run for
  /// `difference` vs the scenario's control; otherwise ±1.96·√(Σ sd²/n) treating the terms
  /// as independent (conservative for paired arms); none for ratios.
  public func evaluate(_ results: some ScenarioResults) throws -> ValidationOutcome {
    func stats(_ arm: String, _ day: Int) throws -> ArmDaySummary {
      guard let s = results.summary(arm: arm, variable: variable, site: site, day: day) else {
        throw ValidationError.missing(target: id, what: "\(variable) at \(site) on day \(day) in arm \(arm)")
      }
      return s
    }
    func outcome(_ value: Double, halfWidth: Double?) -> ValidationOutcome {
      let v = scale * value, h = halfWidth.map { abs(scale) * $0 }
      return ValidationOutcome(target: self, simulated: v, low: h.map { v - $0 } ?? .nan, high: h.map { v + $0 } ?? .nan)
    }
    func independentHalfWidth(_ terms: [ArmDaySummary]) -> Double {
      1.96 * terms.map { $0.sd * $0.sd / Double(max($0.n, 1)) }.reduce(0, +).squareRoot()
    }
    switch statistic {
    case .value:
      let s = try stats(arm, dayEnd)
      return outcome(s.mean, halfWidth: independentHalfWidth([s]))
    case .change:
      let a = try stats(arm, dayStart!), b = try stats(arm, dayEnd)
      return outcome(b.mean - a.mean, halfWidth: nil)
    case .share:
      let a = try stats(arm, dayStart!), b = try stats(arm, dayEnd)
      let zero = try stats(arm, 0), reference = try stats(arm, referenceDay!)
      return outcome(100 * (b.mean - a.mean) / (reference.mean - zero.mean), halfWidth: nil)
    case .percentChange:
      let a = try stats(arm, dayStart!), b = try stats(arm, dayEnd)
      return outcome(100 * (b.mean / a.mean - 1), halfWidth: nil)
    case .difference:
      if let paired = results.pairedDifference(arm: arm, comparator: comparator!, variable: variable, site: site, day: dayEnd) {
        let v = scale * paired.mean
        let (lo, hi) = (scale * paired.low, scale * paired.high)
        return ValidationOutcome(target: self, simulated: v, low: min(lo, hi), high: max(lo, hi))
      }
      let a = try stats(arm, dayEnd), c = try stats(comparator!, dayEnd)
      return outcome(a.mean - c.mean, halfWidth: independentHalfWidth([a, c]))
    case .interaction:
      let a = try stats(arm, dayEnd), c = try stats(comparator!, dayEnd)
      let a2 = try stats(arm2!, dayEnd), c2 = try stats(comparator2!, dayEnd)
      return outcome((a.mean - c.mean) - (a2.mean - c2.mean), halfWidth: independentHalfWidth([a, c, a2, c2]))
    case .recoveredShare:
      let start = try stats(arm, dayStart!).mean - stats(comparator!, dayStart!).mean
      let end = try stats(arm, dayEnd).mean - stats(comparator!, dayEnd).mean
      return outcome(1 - end / start, halfWidth: nil)
    case .gainRatio:
      func gap(_ day: Int) throws -> Double { try stats(arm, day).mean - stats(comparator!, day).mean }
      let late = try gap(dayEnd) - gap(dayStart!), early = try gap(referenceDay!)
      return outcome(late / early, halfWidth: nil)
    }
  }
}

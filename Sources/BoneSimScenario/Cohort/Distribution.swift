import Foundation

/// A distribution a covariate is drawn from.
public enum Distribution: Sendable, Codable, Hashable {
  case constant(Double)
  case uniform(min: Double, max: Double)
  /// Normal, optionally truncated to `[min, max]` (sampled exactly, by the inverse CDF).
  case normal(mean: Double, sd: Double, min: Double?, max: Double?)
  /// Lognormal with the given median and coefficient of variation, optionally truncated to
  /// `[min, max]` (exactly, like the normal).
  case lognormal(median: Double, cv: Double, min: Double?, max: Double?)

  /// Draw indices reserved per covariate in a patient's stream (one is used today; the
  /// reservation keeps every covariate's stream where it was when truncation redrew).
  public static let maxRedraws = 64

  /// One draw using uniforms/normals of `random` starting at draw index `index`.
  /// Uses indices `index ..< index + maxRedraws` at most, so covariates own disjoint ranges.
  public func draw(_ random: (_ index: UInt32) -> (uniform: Double, normal: Double), index: UInt32) -> Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let lo, let hi): return lo + (hi - lo) * random(index).uniform
    case .normal(let mean, let sd, let lo, let hi):
      guard sd > 0 else { return Swift.min(Swift.max(mean, lo ?? -.infinity), hi ?? .infinity) }
      if lo == nil && hi == nil { return mean + sd * random(index).normal }
      let z = StandardNormal.truncatedDraw(
        random(index).uniform, lo: ((lo ?? -.infinity) - mean) / sd, hi: ((hi ?? .infinity) - mean) / sd)
      return Swift.min(Swift.max(mean + sd * z, lo ?? -.infinity), hi ?? .infinity)
    case .lognormal(let median, let cv, let lo, let hi):
      let omega = (Foundation.log(1 + cv * cv)).squareRoot()
      guard omega > 0 else { return Swift.min(Swift.max(median, lo ?? 0), hi ?? .infinity) }
      if (lo ?? 0) <= 0 && hi == nil { return median * Foundation.exp(omega * random(index).normal) }
      let m = Foundation.log(median)
      let z = StandardNormal.truncatedDraw(
        random(index).uniform, lo: ((lo ?? 0) > 0 ? Foundation.log(lo!) - m : -.infinity) / omega,
        hi: ((hi.map { $0 > 0 ? Foundation.log($0) : -.infinity } ?? .infinity) - m) / omega)
      return Swift.min(Swift.max(median * Foundation.exp(omega * z), lo ?? 0), hi ?? .infinity)
    }
  }

  /// Smallest and largest value a draw can take.
  public var support: ClosedRange<Double> {
    switch self {
    case .constant(let v): return v...v
    case .uniform(let lo, let hi): return lo...hi
    case .normal(_, _, let lo, let hi): return (lo ?? -.infinity)...(hi ?? .infinity)
    case .lognormal(_, _, let lo, let hi): return (lo ?? Double.leastNonzeroMagnitude)...(hi ?? .infinity)
    }
  }
}

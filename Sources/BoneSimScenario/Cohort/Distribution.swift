import Foundation

/// A distribution a covariate is drawn from.
public enum Distribution: Sendable, Codable, Hashable {
  case constant(Double)
  case uniform(min: Double, max: Double)
  /// Normal, optionally truncated to `[min, max]` (by redrawing, at most `maxRedraws` times).
  case normal(mean: Double, sd: Double, min: Double?, max: Double?)
  /// Lognormal with the given median and coefficient of variation, optionally truncated to
  /// `[min, max]` (by redrawing, like the normal).
  case lognormal(median: Double, cv: Double, min: Double?, max: Double?)

  /// Redraws for a truncated normal before falling back to the nearest bound.
  public static let maxRedraws = 64

  /// One draw using uniforms/normals of `random` starting at draw index `index`.
  /// Uses indices `index ..< index + maxRedraws` at most, so covariates own disjoint ranges.
  public func draw(_ random: (_ index: UInt32) -> (uniform: Double, normal: Double), index: UInt32) -> Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let lo, let hi): return lo + (hi - lo) * random(index).uniform
    case .normal(let mean, let sd, let lo, let hi):
      for k in 0..<UInt32(Self.maxRedraws) {
        let v = mean + sd * random(index + k).normal
        if v >= (lo ?? -.infinity) && v <= (hi ?? .infinity) { return v }
      }
      return Swift.min(Swift.max(mean, lo ?? -.infinity), hi ?? .infinity)
    case .lognormal(let median, let cv, let lo, let hi):
      let omega = (Foundation.log(1 + cv * cv)).squareRoot()
      for k in 0..<UInt32(Self.maxRedraws) {
        let v = median * Foundation.exp(omega * random(index + k).normal)
        if v >= (lo ?? 0) && v <= (hi ?? .infinity) { return v }
      }
      return Swift.min(Swift.max(median, lo ?? 0), hi ?? .infinity)
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

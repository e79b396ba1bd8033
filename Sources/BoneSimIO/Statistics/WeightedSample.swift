/// Quantiles and probabilities of a weighted sample (importance-weighted twins).
///
/// Values that are not finite or carry no weight are left out. The quantile at level `q` is
/// the smallest value whose cumulative normalised weight reaches `q` (the inverse of the
/// weighted empirical distribution function; with equal weights, the type-1 sample quantile).
public struct WeightedSample: Sendable {
  /// Finite values with positive weight, ascending.
  public let values: [Double]
  /// Cumulative weights of `values`, normalised so that the last is 1.
  let cumulative: [Double]

  /// Nil when no value is finite with a positive weight.
  public init?(values: [Double], weights: [Double]) {
    precondition(values.count == weights.count)
    var pairs: [(Double, Double)] = []
    pairs.reserveCapacity(values.count)
    for (v, w) in zip(values, weights) where v.isFinite && w > 0 { pairs.append((v, w)) }
    guard !pairs.isEmpty else { return nil }
    // Ties keep index order (stable), so the result does not depend on the sort's internals.
    pairs = pairs.enumerated().sorted { $0.element.0 != $1.element.0 ? $0.element.0 < $1.element.0 : $0.offset < $1.offset }.map(\.element)
    let total = pairs.reduce(0) { $0 + $1.1 }
    var running = 0.0
    var cumulative: [Double] = []
    cumulative.reserveCapacity(pairs.count)
    for p in pairs {
      running += p.1
      cumulative.append(running / total)
    }
    cumulative[cumulative.count - 1] = 1
    self.values = pairs.map(\.0)
    self.cumulative = cumulative
  }

  /// Smallest value whose cumulative weight is at least `q` (0 < q ≤ 1).
  public func quantile(_ q: Double) -> Double {
    var lo = 0, hi = cumulative.count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if cumulative[mid] >= q { hi = mid } else { lo = mid + 1 }
    }
    return values[lo]
  }

  /// Weight of the values at or below `x`.
  public func probability(atOrBelow x: Double) -> Double {
    var lo = 0, hi = values.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if values[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo == 0 ? 0 : cumulative[lo - 1]
  }

  /// Effective sample size of weights, `(Σw)² / Σw²` (Kish), over positive finite weights.
  public static func effectiveSize(_ weights: [Double]) -> Double {
    var s = 0.0, s2 = 0.0
    for w in weights where w > 0 && w.isFinite {
      s += w
      s2 += w * w
    }
    return s2 > 0 ? s * s / s2 : 0
  }
}

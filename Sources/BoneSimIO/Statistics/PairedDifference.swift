import Foundation

/// Mean of paired differences (arm minus comparator, patient by patient) with a two-sided
/// 95 % Student-t interval: `mean ± t(0.975, n − 1) · sd / √n`.
///
/// Pairs with a non-finite member are skipped. Identical arms give exactly 0 with a zero-width
/// interval; the half-width shrinks as `1 / √n`.
public struct PairedDifference: Sendable {
  public private(set) var moments = RunningMoments()

  public init() {}

  public mutating func add(arm: Double, comparator: Double) {
    let d = arm - comparator
    if d.isFinite { moments.add(d) }
  }

  /// Differences that `add(arms:comparators:stride:count:to:)` accumulates at once.
  public static let lanes = MomentLanes.count

  /// Adds the pairs of `lanes` columns of `count` values (arm column k at `arms + k · stride`,
  /// its comparator at `comparators + k · stride`) to `lanes` consecutive accumulators,
  /// exactly as one `add(arm:comparator:)` per pair would (`MomentLanes`, the same bits).
  public static func add(
    arms: UnsafePointer<Double>, comparators: UnsafePointer<Double>, stride: Int, count n: Int,
    to accumulators: UnsafeMutablePointer<PairedDifference>
  ) {
    var lanes = MomentLanes { accumulators[$0].moments }
    for p in 0..<n {
      var arm = MomentLanes.Vector(), comparator = MomentLanes.Vector()
      for k in 0..<Self.lanes {
        arm[k] = arms[k &* stride &+ p]
        comparator[k] = comparators[k &* stride &+ p]
      }
      lanes.add(arm - comparator)
    }
    for k in 0..<Self.lanes { accumulators[k].moments = lanes.moments(k) }
  }

  /// Confidence level of the interval.
  public static let level = 0.95

  /// (n, mean difference, low, high); NaN interval for fewer than two pairs.
  public var result: (n: Int, mean: Double, low: Double, high: Double) {
    let n = moments.count
    guard n > 1 else { return (n, moments.meanOrNaN, .nan, .nan) }
    let half = StudentT.quantile975(degreesOfFreedom: n - 1) * moments.standardDeviation / Double(n).squareRoot()
    return (n, moments.mean, moments.mean - half, moments.mean + half)
  }
}

/// The 97.5 % quantile of Student's t distribution.
public enum StudentT {
  /// 97.5 % quantile of the standard normal.
  public static let z975 = 1.959963984540054
  /// Exact table for 1–30 degrees of freedom (to 6 decimals).
  static let table: [Double] = [
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
    2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
    2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
  ]

  /// t(0.975, ν): the table up to 30, then the Cornish–Fisher expansion in 1/ν
  /// (Abramowitz & Stegun 26.7.5), accurate to < 1e-6 there.
  public static func quantile975(degreesOfFreedom nu: Int) -> Double {
    precondition(nu >= 1)
    if nu <= table.count { return table[nu - 1] }
    let z = z975, v = Double(nu)
    let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z
    let g1 = (z3 + z) / 4
    let g2 = (5 * z5 + 16 * z3 + 3 * z) / 96
    let g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384
    let g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160
    return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
  }
}

/// Difference of two independent means with a Welch 95 % interval (parallel-group arms).
public enum MeanDifference {
  /// `mean_a − mean_b ± t(0.975, ν) · √(s_a²/n_a + s_b²/n_b)`, ν by Welch–Satterthwaite
  /// (rounded down, within [min(n_a, n_b) − 1, n_a + n_b − 2]). `n` is arm `a`'s count. NaN interval if either n < 2.
  public static func welch(_ a: RunningMoments, _ b: RunningMoments) -> (n: Int, mean: Double, low: Double, high: Double) {
    let diff = a.meanOrNaN - b.meanOrNaN
    guard a.count > 1, b.count > 1 else { return (a.count, diff, .nan, .nan) }
    let va = a.variance / Double(a.count), vb = b.variance / Double(b.count)
    let se = (va + vb).squareRoot()
    guard se > 0 else { return (a.count, diff, diff, diff) }
    // ν lies between min(n_a, n_b) − 1 and n_a + n_b − 2; clamp there, also when the squared
    // variances underflow to 0 (0/0 or x/0).
    let nu = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
    let lower = Double(Swift.min(a.count, b.count) - 1), upper = Double(a.count + b.count - 2)
    let bounded = nu.isNaN ? lower : Swift.min(Swift.max(nu, lower), upper)
    let half = StudentT.quantile975(degreesOfFreedom: Swift.max(1, Int(bounded.rounded(.down)))) * se
    return (a.count, diff, diff - half, diff + half)
  }
}

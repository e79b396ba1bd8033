/// Count, mean and variance of a stream of values (Welford's algorithm).
///
/// Deterministic: the same values in the same order give the same bits. Values are added in
/// patient order, so results do not depend on threads.
public struct RunningMoments: Sendable, Hashable {
  public private(set) var count: Int = 0
  public private(set) var mean: Double = 0
  /// Sum of squared deviations from the mean.
  public private(set) var m2: Double = 0

  public init() {}

  /// Moments as they stand after `count` values (for kernels that update many at once).
  init(count: Int, mean: Double, m2: Double) {
    self.count = count
    self.mean = mean
    self.m2 = m2
  }

  public mutating func add(_ x: Double) {
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    m2 += delta * (x - mean)
  }

  /// Sample variance (n − 1 in the denominator); NaN for fewer than two values.
  public var variance: Double { count > 1 ? Swift.max(m2, 0) / Double(count - 1) : .nan }
  /// Sample standard deviation; NaN for fewer than two values.
  public var standardDeviation: Double { variance.squareRoot() }
  /// Mean; NaN for no values.
  public var meanOrNaN: Double { count > 0 ? mean : .nan }
}

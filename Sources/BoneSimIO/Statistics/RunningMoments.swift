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

/// Sixteen `RunningMoments` updated as vectors, one per lane: each lane performs its own
/// Welford update, operation for operation, so every lane ends with the bits that adding its
/// values one by one gives; the sixteen divisions of a step issue as two vector instructions
/// instead of sixteen dependent ones. A lane whose value is not finite keeps its moments.
struct MomentLanes {
  typealias Vector = SIMD16<Double>
  static let count = 16
  var counts = Vector(), means = Vector(), squares = Vector()

  /// The lanes of `moments[0..<16]`.
  init(_ moments: (Int) -> RunningMoments) {
    for k in 0..<Self.count {
      let m = moments(k)
      counts[k] = Double(m.count)
      means[k] = m.mean
      squares[k] = m.m2
    }
  }

  /// Adds `x[k]` to lane k when it is finite.
  @inline(__always) mutating func add(_ x: Vector) {
    let finite = x - x .== Vector(repeating: 0)  // false for NaN and ±∞
    let count = counts + 1
    let delta = x - means
    let mean = means + delta / count
    let m2 = squares + delta * (x - mean)
    counts.replace(with: count, where: finite)
    means.replace(with: mean, where: finite)
    squares.replace(with: m2, where: finite)
  }

  /// Lane k's moments.
  func moments(_ k: Int) -> RunningMoments { RunningMoments(count: Int(counts[k]), mean: means[k], m2: squares[k]) }
}

/// Mean, SD and quantiles of one output (one arm, day, variable and site) over patients,
/// in memory independent of the number of patients. Non-finite values are counted apart.
public struct SummaryAccumulator: Sendable {
  /// Probabilities of the quantile columns p05, p25, p50, p75, p95.
  public static let probabilities = [0.05, 0.25, 0.5, 0.75, 0.95]

  public private(set) var moments = RunningMoments()
  public private(set) var sketch: QuantileSketch
  /// Values that were NaN or infinite (excluded from every statistic).
  public private(set) var nonFinite = 0

  public init(capacity: Int = QuantileSketch.defaultCapacity) {
    sketch = QuantileSketch(capacity: capacity)
  }

  public mutating func add(_ x: Double) {
    guard x.isFinite else {
      nonFinite += 1
      return
    }
    moments.add(x)
    sketch.add(x)
  }

  /// Adds `values` in order, exactly as `add` one by one would; `scratch` (at least
  /// `2 · sketch.capacity` keys) is the quantile sketch's sort space.
  public mutating func add(contentsOf values: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>) {
    var finite = 0
    for x in values where x.isFinite {
      moments.add(x)
      finite += 1
    }
    addToSketch(values, finite: finite, scratch: scratch)
  }

  /// Accumulators that `add(columns:stride:count:to:scratch:)` updates at once.
  public static let lanes = 16

  /// Adds `lanes` columns of `count` values, column k at `values + k · stride`, to `lanes`
  /// consecutive accumulators, exactly as one `add(contentsOf:scratch:)` per column would.
  ///
  /// The running means and sums of squares are vectors with one column per lane: each lane
  /// performs its column's Welford update, operation for operation (a lane whose value is not
  /// finite keeps its moments), so the bits are the same, and the sixteen divisions of a
  /// patient issue as two vector instructions instead of sixteen dependent ones.
  public static func add(
    columns values: UnsafePointer<Double>, stride: Int, count n: Int, to accumulators: UnsafeMutablePointer<SummaryAccumulator>,
    scratch: UnsafeMutableBufferPointer<UInt64>
  ) {
    typealias Vector = SIMD16<Double>
    var counts = Vector(), means = Vector(), squares = Vector()
    for k in 0..<lanes {
      let m = accumulators[k].moments
      counts[k] = Double(m.count)
      means[k] = m.mean
      squares[k] = m.m2
    }
    let before = counts
    let zero = Vector(repeating: 0)
    for p in 0..<n {
      var x = Vector()
      for k in 0..<lanes { x[k] = values[k &* stride &+ p] }
      let finite = x - x .== zero  // false for NaN and ±∞
      let count = counts + 1
      let delta = x - means
      let mean = means + delta / count
      let m2 = squares + delta * (x - mean)
      counts.replace(with: count, where: finite)
      means.replace(with: mean, where: finite)
      squares.replace(with: m2, where: finite)
    }
    for k in 0..<lanes {
      accumulators[k].moments = RunningMoments(count: Int(counts[k]), mean: means[k], m2: squares[k])
      accumulators[k].addToSketch(
        UnsafeBufferPointer(start: values + k * stride, count: n), finite: Int(counts[k] - before[k]), scratch: scratch)
    }
  }

  /// The `finite` finite values of `values` into the quantile sketch; the others counted.
  mutating func addToSketch(_ values: UnsafeBufferPointer<Double>, finite: Int, scratch: UnsafeMutableBufferPointer<UInt64>) {
    nonFinite += values.count - finite
    if finite == values.count {
      sketch.add(contentsOf: values, scratch: scratch)
    } else {
      let kept = values.filter(\.isFinite)
      kept.withUnsafeBufferPointer { sketch.add(contentsOf: $0, scratch: scratch) }
    }
  }

  /// n, mean, sd, p05, p25, p50, p75, p95.
  public var row: (n: Int, mean: Double, sd: Double, quantiles: [Double]) {
    (moments.count, moments.meanOrNaN, moments.standardDeviation, sketch.quantiles(Self.probabilities))
  }
}

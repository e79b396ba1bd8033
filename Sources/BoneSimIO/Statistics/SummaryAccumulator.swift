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

  /// Adds four columns of equal length to four accumulators, exactly as four
  /// `add(contentsOf:scratch:)` calls would. Each running mean is a chain of dependent
  /// divisions, one per value; four chains side by side hide each other's latency.
  public static func add(
    _ columns: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>),
    to accumulators: UnsafeMutablePointer<SummaryAccumulator>, scratch: UnsafeMutableBufferPointer<UInt64>
  ) {
    let n = columns.0.count
    precondition(columns.1.count == n && columns.2.count == n && columns.3.count == n, "columns of equal length")
    var m0 = accumulators[0].moments, m1 = accumulators[1].moments
    var m2 = accumulators[2].moments, m3 = accumulators[3].moments
    let counts = (m0.count, m1.count, m2.count, m3.count)
    for p in 0..<n {
      let x0 = columns.0[p], x1 = columns.1[p], x2 = columns.2[p], x3 = columns.3[p]
      if x0.isFinite { m0.add(x0) }
      if x1.isFinite { m1.add(x1) }
      if x2.isFinite { m2.add(x2) }
      if x3.isFinite { m3.add(x3) }
    }
    accumulators[0].moments = m0
    accumulators[1].moments = m1
    accumulators[2].moments = m2
    accumulators[3].moments = m3
    accumulators[0].addToSketch(columns.0, finite: m0.count - counts.0, scratch: scratch)
    accumulators[1].addToSketch(columns.1, finite: m1.count - counts.1, scratch: scratch)
    accumulators[2].addToSketch(columns.2, finite: m2.count - counts.2, scratch: scratch)
    accumulators[3].addToSketch(columns.3, finite: m3.count - counts.3, scratch: scratch)
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

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

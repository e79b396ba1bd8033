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
  /// `2 · sketch.capacity` keys) is the quantile sketch's sort space, and `hint` the order in
  /// which the same sources' values last came out (`SortHint`; it changes no result).
  public mutating func add(
    contentsOf values: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>,
    hint: UnsafeMutablePointer<SortHint>? = nil
  ) {
    var finite = 0
    for x in values where x.isFinite {
      moments.add(x)
      finite += 1
    }
    addToSketch(values, finite: finite, scratch: scratch, hint: hint)
  }

  /// Accumulators that `add(columns:stride:count:to:scratch:)` updates at once.
  public static let lanes = MomentLanes.count

  /// Adds `lanes` columns of `count` values, column k at `values + k · stride`, to `lanes`
  /// consecutive accumulators, exactly as one `add(contentsOf:scratch:hint:)` per column would:
  /// their running moments as one vector (`MomentLanes`, the same bits), then each sketch
  /// (column k with `hint(k)`).
  public static func add(
    columns values: UnsafePointer<Double>, stride: Int, count n: Int, to accumulators: UnsafeMutablePointer<SummaryAccumulator>,
    scratch: UnsafeMutableBufferPointer<UInt64>, hint: (Int) -> UnsafeMutablePointer<SortHint>? = { _ in nil }
  ) {
    var lanes = MomentLanes { accumulators[$0].moments }
    let before = lanes.counts
    for p in 0..<n {
      var x = MomentLanes.Vector()
      for k in 0..<Self.lanes { x[k] = values[k &* stride &+ p] }
      lanes.add(x)
    }
    for k in 0..<Self.lanes {
      accumulators[k].moments = lanes.moments(k)
      accumulators[k].addToSketch(
        UnsafeBufferPointer(start: values + k * stride, count: n), finite: Int(lanes.counts[k] - before[k]), scratch: scratch,
        hint: hint(k))
    }
  }

  /// The `finite` finite values of `values` into the quantile sketch; the others counted. The
  /// hint serves only when all are finite (the same sources in the same places).
  mutating func addToSketch(
    _ values: UnsafeBufferPointer<Double>, finite: Int, scratch: UnsafeMutableBufferPointer<UInt64>,
    hint: UnsafeMutablePointer<SortHint>?
  ) {
    nonFinite += values.count - finite
    if finite == values.count {
      sketch.add(contentsOf: values, scratch: scratch, hint: hint)
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

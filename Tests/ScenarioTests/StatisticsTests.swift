import BoneSimCore
@testable import BoneSimIO
import Foundation
import Testing

/// Exact quantile by linear interpolation between order statistics (NumPy's default), written
/// independently of the sketch.
func exactQuantile(_ sorted: [Double], _ p: Double) -> Double {
  let h = Double(sorted.count - 1) * p
  let i = Int(h)
  return i + 1 < sorted.count ? sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i]) : sorted[i]
}

/// Values for seed `seed`: a skewed mixture so that quantiles are not trivial.
func sample(_ n: Int, seed: UInt64) -> [Double] {
  (0..<n).map { i in
    let r = PatientRandom(seed: seed, patient: i, stream: 9)
    return r.uniform(0) < 0.3 ? 5 + r.normal(1) : Foundation.exp(r.normal(2))
  }
}

@Suite("Streaming summaries against exact statistics on stored cohorts")
struct StatisticsTests {
  @Test("below its capacity the sketch is exact", arguments: [1, 2, 7, 100, 2047])
  func exact(n: Int) {
    let x = sample(n, seed: UInt64(n))
    var s = QuantileSketch()
    for v in x { s.add(v) }
    let sorted = x.sorted()
    let ps = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]
    #expect(s.quantiles(ps) == ps.map { exactQuantile(sorted, $0) })
    #expect(s.rankErrorBound == 0)
  }

  @Test("beyond its capacity the rank error stays within the documented bound", arguments: 0..<12)
  func bounded(seed: Int) {
    let capacity = [16, 64, 256, 2048][seed % 4]
    let n = [1_000, 10_000, 50_000][seed % 3]
    let x = sample(n, seed: UInt64(seed))
    var s = QuantileSketch(capacity: capacity)
    for v in x { s.add(v) }
    let sorted = x.sorted()
    var worst = 0.0
    for p in SummaryAccumulator.probabilities {
      let q = s.quantiles([p])[0]
      // Rank of q among the stored values vs the requested rank.
      let below = Double(sorted.filter { $0 < q }.count)
      let atOrBelow = Double(sorted.filter { $0 <= q }.count)
      let target = p * Double(n - 1)
      let error = target < below ? below - target : (target > atOrBelow ? target - atOrBelow : 0)
      worst = max(worst, error)
      #expect(error <= s.rankErrorBound + 1, "p=\(p) capacity=\(capacity) n=\(n): rank error \(error) > bound \(s.rankErrorBound)")
    }
    if n >= capacity { #expect(s.rankErrorBound > 0) }
    // Report the worst seen against the bound (cf. STYLE §7).
    print("sketch capacity \(capacity), n \(n): worst rank error \(worst), bound \(s.rankErrorBound)")
  }

  /// The compactor stack as first written (every compaction a full sort), kept here as the
  /// reference the merge of the upper levels must reproduce bit for bit.
  struct SortingSketch {
    let capacity: Int
    var levels: [[Double]] = [[]]
    var compactions: [Int] = [0]

    mutating func add(_ x: Double) {
      levels[0].append(x)
      if levels[0].count >= capacity { compact(0) }
    }

    mutating func compact(_ h: Int) {
      levels[h].sort()
      if h + 1 == levels.count {
        levels.append([])
        compactions.append(0)
      }
      let offset = compactions[h] % 2
      compactions[h] += 1
      for i in stride(from: offset, to: levels[h].count, by: 2) { levels[h + 1].append(levels[h][i]) }
      levels[h].removeAll()
      if levels[h + 1].count >= capacity { compact(h + 1) }
    }
  }

  @Test("level 0's radix sort and the merges above it give, bit for bit, the levels of sorting every compaction", arguments: 0..<8)
  func mergeEqualsSort(seed: Int) {
    let capacity = [4, 16, 64, 2048][seed % 4]
    let n = [5_000, 70_000][seed % 2]
    // Ties (rounded values), signed zeros and a skewed tail, so equal keys meet in merges;
    // for odd seeds the values are negated, so that the zeros are the largest values and meet
    // at the back of the merges (which pick ties the other way round).
    let sign = seed % 2 == 0 ? 1.0 : -1.0
    let x = sample(n, seed: UInt64(100 + seed)).enumerated().map { i, v in
      i % 7 == 0 ? (i % 14 == 0 ? -0.0 : 0.0) : sign * (v * 4).rounded() / 4
    }
    var sketch = QuantileSketch(capacity: capacity)
    var reference = SortingSketch(capacity: capacity)
    for v in x {
      sketch.add(v)
      reference.add(v)
    }
    #expect(sketch.compactions == reference.compactions)
    #expect(sketch.compactions.count >= 3, "capacity \(capacity), n \(n): upper levels compacted")
    #expect(sketch.levels.map { $0.map(\.bitPattern) } == reference.levels.map { $0.map(\.bitPattern) })
  }

  /// Quantiles as first written: every level's items stable-sorted together, cumulative
  /// weights, a binary search per rank; the merge in `QuantileSketch.quantiles` must give
  /// the same bits.
  static func sortedQuantiles(_ sketch: QuantileSketch, _ probabilities: [Double]) -> [Double] {
    guard sketch.count > 0 else { return probabilities.map { _ in .nan } }
    var items: [(value: Double, weight: Int)] = []
    for (h, level) in sketch.levels.enumerated() { for v in level { items.append((v, 1 << h)) } }
    items.sort { $0.value < $1.value }
    var cumulative: [Int] = []
    var total = 0
    for it in items {
      total += it.weight
      cumulative.append(total)
    }
    func value(rank r: Int) -> Double { items[cumulative.firstIndex { $0 > r }!].value }
    return probabilities.map { p in
      let h = Double(total - 1) * p
      let lower = Int(h.rounded(.down))
      let frac = h - Double(lower)
      let a = value(rank: lower)
      if frac == 0 || lower + 1 >= total { return a }
      return a + frac * (value(rank: lower + 1) - a)
    }
  }

  @Test("quantiles by merging the levels equal, bit for bit, quantiles by sorting them all (ties, ±0, every level count)", arguments: 0..<12)
  func quantilesByMerge(seed: Int) {
    let capacity = [4, 16, 2048][seed % 3]
    let n = [1, 3, 100, 2047, 5_000, 70_000][seed % 6]
    let x = sample(n, seed: UInt64(300 + seed)).enumerated().map { i, v in
      i % 5 == 0 ? (i % 10 == 0 ? -0.0 : 0.0) : (v * [1, 4, 1e6][seed % 3]).rounded() / 4
    }
    var sketch = QuantileSketch(capacity: capacity)
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * capacity)
    defer { scratch.deallocate() }
    var i = 0
    while i < x.count {
      let batch = Swift.min(x.count - i, 1 + (i * 7919) % 3000)
      x[i..<(i + batch)].withUnsafeBufferPointer { sketch.add(contentsOf: $0, scratch: scratch) }
      i += batch
    }
    let p = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1, 0.3333]
    #expect(sketch.quantiles(p).map(\.bitPattern) == Self.sortedQuantiles(sketch, p).map(\.bitPattern), "capacity \(capacity), n \(n)")
  }

  @Test("radix sort gives the bits of the stable sort: ties, ±0 in arrival order, subnormals, ±∞, every length")
  func radixEqualsStableSort() {
    let special: [Double] = [
      0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, 0.5,
    ]
    for (k, n) in [0, 1, 2, 31, 32, 33, 100, 2048, 5000].enumerated() {
      let u = sample(n, seed: UInt64(200 + k))
      // Narrow (shared leading bytes), wide, and tie-heavy data with signed zeros; a cluster
      // with one far outlier and a spread of orders of magnitude (most keys in a few buckets of
      // the first pass, sorted again within them); two values; one value.
      let sets: [[Double]] = [
        u.map { 0.9 + 1e-3 * $0 },
        u.enumerated().map { i, v in (i % 2 == 0 ? -1 : 1) * v * pow(10, Double(i % 40) - 20) },
        u.enumerated().map { i, v in i % 5 == 0 ? special[i % special.count] : ((v - 3) * 2).rounded() / 2 },
        u.enumerated().map { i, v in i == n / 2 ? 1e300 : 1 + 1e-9 * v },
        u.map { exp(8 * $0) },
        u.enumerated().map { i, _ in i % 3 == 0 ? 2.5 : -7 },
        u.map { _ in 0.75 },
      ]
      for x in sets {
        var radix = x
        radix.withUnsafeMutableBufferPointer { $0.radixSort() }
        #expect(radix.map(\.bitPattern) == x.sorted().map(\.bitPattern), "n \(n)")
      }
    }
  }

  @Test("the bucket pass takes values spread over a range and leaves crowded ones to the byte-wise sort; both sort the keys")
  func bucketOrBytes() {
    let n = 2048
    let z = (0..<n).map { PatientRandom(seed: 77, patient: $0, stream: 9).normal(0) }
    func keys(_ x: [Double]) -> [UInt64] { x.map(KeySort.key) }
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * n)
    defer { scratch.deallocate() }
    // Outputs as a cohort gives them: a BMD, a log-normal level, a positive change.
    // The last spans most of the key range (1e-240 to 1e240): the scaled buckets stay in range.
    let spread: [[Double]] = [z.map { 0.9 + 0.09 * $0 }, z.map { exp(0.6 * $0) }, z.map { 5 + $0 }, z.map { pow(10, 60 * $0) }]
    // A far outlier, ties, and values on both sides of 0.
    let crowded: [[Double]] = [
      z.enumerated().map { i, v in i == 7 ? 1e300 : 1 + 1e-9 * v }, z.map { ($0 * 2).rounded() / 2 }, z,
    ]
    for (x, expectBuckets) in spread.map({ ($0, true) }) + crowded.map({ ($0, false) }) {
      let source = scratch.baseAddress!, target = source + n
      var low = UInt64.max, high = UInt64.min
      for (i, k) in keys(x).enumerated() {
        source[i] = k
        low = min(low, k)
        high = max(high, k)
      }
      #expect(KeySort.bucketSort(source, into: target, count: n, low: low, high: high) == expectBuckets, "\(x.prefix(3))")
      let sorted = x.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: KeySort.sortedKeys(of: $0, scratch: scratch).keys, count: n)) }
      #expect(sorted == keys(x).sorted(), "buckets \(expectBuckets)")
    }
  }

  @Test("values on both sides of 0 crowd the key buckets but not the value buckets; a far outlier or ties crowd both")
  func valueBuckets() {
    let n = 2048, buckets = KeySort.bucketCount(n)
    let z = (0..<n).map { PatientRandom(seed: 78, patient: $0, stream: 9).normal(0) }
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * n)
    defer { scratch.deallocate() }
    // A percent change around 0, one mostly above it, and two that stay crowded.
    let cases: [([Double], Bool)] = [
      (z, true), (z.map { 2 + 3 * $0 }, true),
      (z.enumerated().map { i, v in i == 7 ? 1e300 : v }, false), (z.map { ($0 * 2).rounded() / 2 }, false),
    ]
    for (x, expectSpread) in cases {
      let source = scratch.baseAddress!, target = source + n
      for (i, v) in x.enumerated() { source[i] = KeySort.key(v) }
      let low = x.map(KeySort.key).min()!, high = x.map(KeySort.key).max()!
      #expect(!KeySort.bucketSort(source, into: target, count: n, low: low, high: high), "key buckets crowd: \(x.prefix(2))")
      guard let byValue = ValueBuckets(low: low, high: high, buckets: buckets) else {
        Issue.record("values of both signs get value buckets")
        continue
      }
      #expect(KeySort.bucketSort(source, into: target, count: n, by: byValue, carry: NoCarry()) == expectSpread)
      if expectSpread { #expect(Array(UnsafeBufferPointer(start: target, count: n)) == x.map(KeySort.key).sorted()) }
    }
    // One sign; a range that overflows (scale 0); one so small the scale is infinite.
    #expect(ValueBuckets(low: KeySort.key(0.5), high: KeySort.key(2), buckets: buckets) == nil)
    #expect(ValueBuckets(low: KeySort.key(-1e308), high: KeySort.key(1e308), buckets: buckets) == nil)
    #expect(ValueBuckets(low: KeySort.key(-.leastNonzeroMagnitude), high: KeySort.key(.leastNonzeroMagnitude), buckets: buckets) == nil)
  }

  @Test("adding in batches with a shared scratch equals adding one by one", arguments: [16, 2048])
  func batchAddEqualsSingle(capacity: Int) {
    let x = sample(20_000, seed: 300).enumerated().map { i, v in
      i % 11 == 0 ? (i % 22 == 0 ? -0.0 : 0.0) : i % 997 == 0 ? .nan : i % 1009 == 0 ? -.infinity : (v * 8).rounded() / 8
    }
    var single = SummaryAccumulator(capacity: capacity)
    for v in x { single.add(v) }
    var reference = SortingSketch(capacity: capacity)
    for v in x where v.isFinite { reference.add(v) }
    var batched = SummaryAccumulator(capacity: capacity)
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * capacity)
    defer { scratch.deallocate() }
    x.withUnsafeBufferPointer { v in
      var start = 0
      for size in [1, 7, capacity - 1, capacity, 3 * capacity + 5, 4000] + Array(repeating: 257, count: 200) where start < v.count {
        let end = min(v.count, start + size)
        batched.add(contentsOf: UnsafeBufferPointer(rebasing: v[start..<end]), scratch: scratch)
        start = end
      }
    }
    #expect(batched.moments == single.moments)
    #expect(batched.nonFinite == single.nonFinite && single.nonFinite > 0)
    #expect(batched.sketch.count == single.sketch.count)
    #expect(batched.sketch.compactions == reference.compactions)
    #expect(batched.sketch.levels.map { $0.map(\.bitPattern) } == reference.levels.map { $0.map(\.bitPattern) })
    #expect(single.sketch.levels.map { $0.map(\.bitPattern) } == reference.levels.map { $0.map(\.bitPattern) })
  }

  @Test("sixteen columns added as one vector equal sixteen columns added one by one (NaN, ±∞, −0 in different places)")
  func sixteenColumnsEqualSingles() {
    let n = 5_000, lanes = SummaryAccumulator.lanes
    func value(_ i: Int, _ k: Int, _ v: Double) -> Double {
      if (i + k) % 401 == 0 { return .nan }
      if (i + 3 * k) % 677 == 0 { return k % 2 == 0 ? .infinity : -.infinity }
      return i % 9 == 0 ? -0.0 : v
    }
    let columns: [[Double]] = (0..<lanes).map { k in sample(n, seed: UInt64(400 + k)).enumerated().map { value($0, k, $1) } }
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * QuantileSketch.defaultCapacity)
    defer { scratch.deallocate() }
    var singles = (0..<lanes).map { _ in SummaryAccumulator() }
    for k in 0..<lanes { for v in columns[k] { singles[k].add(v) } }
    var together = (0..<lanes).map { _ in SummaryAccumulator() }
    // Two calls, so the second starts from moments and sketches already under way.
    let flat = columns.flatMap { $0 }
    flat.withUnsafeBufferPointer { v in
      together.withUnsafeMutableBufferPointer { a in
        for (start, length) in [(0, 1_234), (1_234, n - 1_234)] {
          SummaryAccumulator.add(columns: v.baseAddress! + start, stride: n, count: length, to: a.baseAddress!, scratch: scratch)
        }
      }
    }
    for k in 0..<lanes {
      #expect(together[k].moments == singles[k].moments, "column \(k)")
      #expect(together[k].nonFinite == singles[k].nonFinite && singles[k].nonFinite > 0, "column \(k)")
      #expect(together[k].sketch.levels.map { $0.map(\.bitPattern) } == singles[k].sketch.levels.map { $0.map(\.bitPattern) })
      #expect(together[k].row.quantiles.map(\.bitPattern) == singles[k].row.quantiles.map(\.bitPattern))
    }
  }

  @Test("sixteen paired columns as one vector equal sixteen columns of pairs added one by one (non-finite members skipped)")
  func sixteenPairedColumnsEqualSingles() {
    let n = 3_000, lanes = PairedDifference.lanes
    func column(_ seed: Int, every: Int, by step: Int, _ k: Int, _ bad: Double) -> [Double] {
      let x: [Double] = sample(n, seed: UInt64(seed + k))
      return x.indices.map { i -> Double in (i + step * k) % every == 0 ? bad : x[i] }
    }
    let arms = (0..<lanes).map { column(500, every: 331, by: 1, $0, .nan) }
    let comparators = (0..<lanes).map { column(600, every: 457, by: 2, $0, -.infinity) }
    var singles = [PairedDifference](repeating: PairedDifference(), count: lanes)
    for k in 0..<lanes { for i in 0..<n { singles[k].add(arm: arms[k][i], comparator: comparators[k][i]) } }
    var together = [PairedDifference](repeating: PairedDifference(), count: lanes)
    let a = arms.flatMap { $0 }, c = comparators.flatMap { $0 }
    a.withUnsafeBufferPointer { a in
      c.withUnsafeBufferPointer { c in
        together.withUnsafeMutableBufferPointer { t in
          for (start, length) in [(0, 777), (777, n - 777)] {
            PairedDifference.add(
              arms: a.baseAddress! + start, comparators: c.baseAddress! + start, stride: n, count: length, to: t.baseAddress!)
          }
        }
      }
    }
    for k in 0..<lanes {
      #expect(together[k].moments == singles[k].moments, "column \(k)")
      #expect(singles[k].moments.count < n, "column \(k): some pairs skipped")
    }
  }

  @Test("mean and SD match a two-pass computation")
  func moments() {
    let x = sample(10_000, seed: 4)
    var m = RunningMoments()
    for v in x { m.add(v) }
    let mean = x.reduce(0, +) / Double(x.count)
    let sd = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)).squareRoot()
    #expect(abs(m.mean - mean) <= 1e-12 * abs(mean))
    #expect(abs(m.standardDeviation - sd) <= 1e-10 * sd)
  }

  @Test("Student t 97.5 % quantiles against reference values")
  func studentT() {
    // scipy.stats.t.ppf(0.975, df) for df in 1, 10, 30, 31, 60, 120, 1000.
    let reference: [(Int, Double)] = [
      (1, 12.706204736), (10, 2.228138852), (30, 2.042272456), (31, 2.039513446), (60, 2.000297822),
      (120, 1.979930405), (1000, 1.962339081),
    ]
    for (df, t) in reference { #expect(abs(StudentT.quantile975(degreesOfFreedom: df) - t) < 1e-5, "df \(df)") }
  }

  @Test("paired differences of identical values are exactly zero with a zero-width interval")
  func identical() {
    var d = PairedDifference()
    for v in sample(100, seed: 1) { d.add(arm: v, comparator: v) }
    let r = d.result
    #expect(r.mean == 0 && r.low == 0 && r.high == 0 && r.n == 100)
  }

  /// Moments of `values`.
  static func moments(_ values: [Double]) -> RunningMoments {
    var m = RunningMoments()
    for v in values { m.add(v) }
    return m
  }

  @Test("Welch interval when the squared variances underflow: finite, between the pooled and smaller-arm t (this trapped)")
  func welchUnderflow() {
    // Variances ~1e-321 (subnormal): their squares underflow to 0, so the Welch-Satterthwaite ν is 0/0.
    let a = Self.moments((0..<20).map { Double($0 % 2) * 1e-160 })
    let b = Self.moments((0..<30).map { 1e-159 + Double($0 % 3) * 1e-160 })
    #expect(a.variance > 0 && b.variance > 0 && a.variance * a.variance == 0)
    let r = MeanDifference.welch(a, b)
    #expect(r.low.isFinite && r.high.isFinite)
    let se = (a.variance / 20 + b.variance / 30).squareRoot()
    // ν is clamped to [min(n) − 1, n_a + n_b − 2] = [19, 48]: the half-width lies between those t values.
    let half = (r.high - r.low) / 2
    #expect(half >= StudentT.quantile975(degreesOfFreedom: 48) * se * (1 - 1e-12))
    #expect(half <= StudentT.quantile975(degreesOfFreedom: 19) * se * (1 + 1e-12))
    // Ordinary arms are unchanged: ν from the formula lies inside the bounds.
    let c = Self.moments(sample(40, seed: 3)), d = Self.moments(sample(25, seed: 4).map { $0 * 3 })
    let w = MeanDifference.welch(c, d)
    let va = c.variance / 40, vb = d.variance / 25
    let nu = (va + vb) * (va + vb) / (va * va / 39 + vb * vb / 24)
    #expect(abs((w.high - w.low) / 2 - StudentT.quantile975(degreesOfFreedom: Int(nu)) * (va + vb).squareRoot()) < 1e-12)
  }
}

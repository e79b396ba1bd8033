/// Streaming quantiles in bounded memory with a deterministic rank-error bound.
///
/// A stack of compactors (Manku–Rajagopalan–Lindsay 1998; the deterministic core of KLL):
/// level `h` holds up to `capacity` values of weight `2^h`. When a level fills, it is sorted
/// and every other value (starting alternately at the first and the second) moves up one
/// level with twice the weight. Nothing is random, so the same values in the same order give
/// the same quantiles on every machine.
///
/// Exactness and error: with at most `capacity − 1` values nothing is compacted and quantiles
/// are exact (linear interpolation between order statistics, like NumPy's default). After
/// that, one compaction at level `h` moves the rank of any value by at most `2^h`, and level
/// `h` is compacted at most `n / (capacity · 2^h)` times, so the rank error is at most
/// `levels · n / capacity` (`rankErrorBound`): with the default capacity 2048 and 10⁶ values
/// (10 levels) at most 0.5 % of n, and in practice far less because alternate offsets cancel.
///
/// - Complexity: `add` amortized O(log capacity); memory O(capacity · log(n / capacity)).
public struct QuantileSketch: Sendable {
  public static let defaultCapacity = 2048
  public let capacity: Int
  var levels: [[Double]] = [[]]
  var compactions: [Int] = [0]
  public private(set) var count = 0

  /// - Parameter capacity: values per level before compaction; even, ≥ 2.
  public init(capacity: Int = QuantileSketch.defaultCapacity) {
    precondition(capacity >= 2 && capacity % 2 == 0, "capacity must be an even number ≥ 2")
    self.capacity = capacity
  }

  /// Adds a value; it must not be NaN (NaN has no rank).
  public mutating func add(_ x: Double) {
    assert(!x.isNaN, "NaN has no rank")
    count += 1
    append(x, level: 0)
    if levels[0].count >= capacity { compact(0) }
  }

  /// Adds `values` in order (none NaN), exactly as `add` one by one would; `scratch` (at least
  /// `2 · capacity` keys) is level 0's sort space, so a worker folding many sketches allocates
  /// it once.
  public mutating func add(contentsOf values: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>) {
    count += values.count
    var i = 0
    while i < values.count {
      if Self.append(values, from: &i, to: &levels[0], capacity: capacity) { compact(0, scratch: scratch) }
    }
  }

  /// Appends `values[i...]` to `level` until it holds `capacity` values (growth capped as in
  /// `append(_:to:capacity:)`); returns whether it is full. One modifying access to the level:
  /// reading it first would read a buffer that other sketches may still share.
  @inline(__always) static func append(
    _ values: UnsafeBufferPointer<Double>, from i: inout Int, to level: inout [Double], capacity: Int
  ) -> Bool {
    let take = Swift.min(capacity - level.count, values.count - i)
    let needed = level.count + take
    if level.capacity < needed { level.reserveCapacity(Swift.min(capacity, Swift.max(needed, 2 * level.count + 1))) }
    level.append(contentsOf: UnsafeBufferPointer(rebasing: values[i..<(i + take)]))
    i += take
    return level.count >= capacity
  }

  /// Appends to level `h`, growing its array by doubling but to at most `capacity` values: an
  /// array appended one by one grows to 2^k − 1 elements, so a full level took 4095 (32 kB).
  @inline(__always) mutating func append(_ x: Double, level h: Int) {
    Self.append(x, to: &levels[h], capacity: capacity)
  }

  /// The growth-capped append on the level itself: one modifying access to `levels[h]`
  /// (not a read of it, then a write).
  @inline(__always) static func append(_ x: Double, to level: inout [Double], capacity: Int) {
    if level.count == level.capacity { level.reserveCapacity(Swift.min(capacity, 2 * level.count + 1)) }
    level.append(x)
  }

  /// Sorts level `h` and moves every other value (from `offset`) up one level.
  ///
  /// Level 0 is sorted by `radixSort()`, which gives the bits of a stable `sort()` about five
  /// times faster (the values of one output lie in a narrow range, so their leading bytes are
  /// skipped). A level above holds what two compactions below it moved up: two
  /// sorted runs of `capacity / 2` values, which a stable merge (the left run first on ties)
  /// puts in exactly the order a stable sort of the level gives, in O(capacity) instead of
  /// O(capacity · log capacity). About half of all compactions are above level 0.
  mutating func compact(_ h: Int, scratch: UnsafeMutableBufferPointer<UInt64>? = nil) {
    if h + 1 == levels.count {
      levels.append([])
      compactions.append(0)
    }
    let offset = compactions[h] % 2
    compactions[h] += 1
    // The level is moved out while the one above grows (no overlapping access to `levels`,
    // and its buffer stays unique, so clearing it keeps the allocation).
    var level: [Double] = []
    swap(&level, &levels[h])
    if h == 0 {
      // Finite values only (SummaryAccumulator keeps NaN and ±∞ out); same order as `sort()`.
      level.withUnsafeMutableBufferPointer { v in
        if let scratch { v.radixSort(scratch: scratch) } else { v.radixSort() }
      }
      var i = offset
      while i < level.count {
        append(level[i], level: 1)
        i += 2
      }
    } else {
      let half = level.count / 2
      assert(level[..<half].indices.dropFirst().allSatisfy { level[$0 - 1] <= level[$0] }, "left run not sorted")
      assert(level[half...].indices.dropFirst().allSatisfy { level[$0 - 1] <= level[$0] }, "right run not sorted")
      level.withUnsafeBufferPointer { v in
        var a = 0, b = half
        for k in 0..<v.count {
          let x: Double
          if b == v.count || (a < half && !(v[b] < v[a])) {
            x = v[a]
            a += 1
          } else {
            x = v[b]
            b += 1
          }
          if k & 1 == offset { append(x, level: h + 1) }
        }
      }
    }
    level.removeAll(keepingCapacity: true)
    swap(&level, &levels[h])
    if levels[h + 1].count >= capacity { compact(h + 1) }
  }

  /// Largest rank error (in values) the quantiles of this sketch can have: 0 while exact.
  public var rankErrorBound: Double {
    let compactedLevels = compactions.filter { $0 > 0 }.count
    return Double(compactedLevels) * Double(count) / Double(capacity)
  }

  /// Quantiles for `probabilities` in [0, 1] (NaN if empty).
  ///
  /// With weights all 1 this is NumPy's default (linear): rank `h = (n − 1)·p`, interpolated
  /// between the values of ranks `⌊h⌋` and `⌊h⌋ + 1`. With weights, the value of rank `r` is
  /// the item whose cumulative weight first exceeds `r`, items in the order of a stable sort
  /// of every level's values, level 0 first.
  ///
  /// That order comes from a merge, not a sort: level 0 is radix-sorted (the bits of a stable
  /// sort) and every level above holds at rest one run that a compaction moved up, already
  /// sorted (sorted here if not); a merge that takes the lower level first on ties is then the
  /// stable sort of them all, ±0 included.
  ///
  /// - Complexity: O(capacity · levels²) for the merge; the radix sort of level 0.
  public func quantiles(_ probabilities: [Double]) -> [Double] {
    guard count > 0 else { return probabilities.map { _ in .nan } }
    var runs: [[Double]] = []
    var weights: [Int] = []
    var total = 0
    for (h, level) in levels.enumerated() where !level.isEmpty {
      var run = level
      if h == 0 || !run.indices.dropFirst().allSatisfy({ !(run[$0] < run[$0 - 1]) }) {
        run.withUnsafeMutableBufferPointer { $0.radixSort() }
      }
      runs.append(run)
      weights.append(1 << h)
      total += run.count << h
    }
    // The ranks asked for, in increasing order; each gets the value of the item covering it.
    let lowers = probabilities.map { p in Int((Double(total - 1) * p).rounded(.down)) }
    var ranks = Array(Set(lowers.flatMap { [$0, Swift.min($0 + 1, total - 1)] })).sorted()[...]
    var values: [Int: Double] = [:]
    var heads = [Int](repeating: 0, count: runs.count)
    var before = 0
    while var rank = ranks.first {
      // The smallest head; on ties the lowest level (stable).
      var best = -1
      for r in runs.indices where heads[r] < runs[r].count {
        if best < 0 || runs[r][heads[r]] < runs[best][heads[best]] { best = r }
      }
      let x = runs[best][heads[best]]
      heads[best] += 1
      before += weights[best]
      // This item covers ranks up to `before − 1`.
      while rank < before {
        values[rank] = x
        ranks = ranks.dropFirst()
        guard let next = ranks.first else { break }
        rank = next
      }
    }
    return zip(probabilities, lowers).map { p, lower in
      let h = Double(total - 1) * p
      let frac = h - Double(lower)
      let a = values[lower]!
      if frac == 0 || lower + 1 >= total { return a }
      let b = values[lower + 1]!
      return a + frac * (b - a)
    }
  }
}

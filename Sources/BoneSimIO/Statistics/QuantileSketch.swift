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
    Self.append(x, to: &levels[0], capacity: capacity)
    if levels[0].count >= capacity {
      withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * capacity) { compact(0, scratch: $0) }
    }
  }

  /// Adds `values` in order (none NaN), exactly as `add` one by one would; `scratch` (at least
  /// `2 · capacity` keys) is the sort and merge space, so a worker folding many sketches
  /// allocates it once.
  ///
  /// A run of `capacity` values arriving while level 0 is empty would fill it and be compacted
  /// at once; it is compacted straight from `values` instead, never copied into level 0, and
  /// sorted starting from `hint` (if given and of `capacity` values), which it updates.
  public mutating func add(
    contentsOf values: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>,
    hint: UnsafeMutablePointer<SortHint>? = nil
  ) {
    precondition(scratch.count >= 2 * capacity, "the sketch needs 2 · capacity keys of scratch")
    count += values.count
    var i = 0
    while i < values.count {
      if levels[0].isEmpty && values.count - i >= capacity {
        halveSorted(UnsafeBufferPointer(rebasing: values[i..<(i + capacity)]), scratch: scratch, hint: hint)
        i += capacity
        if levels[1].count >= capacity { compact(1, scratch: scratch) }
      } else if Self.append(values, from: &i, to: &levels[0], capacity: capacity) {
        compact(0, scratch: scratch)
      }
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

  /// The growth-capped append: an array appended one by one grows to 2^k − 1 elements, so a
  /// full level took 4095 (32 kB). One modifying access to the level (not a read, then a write).
  @inline(__always) static func append(_ x: Double, to level: inout [Double], capacity: Int) {
    if level.count == level.capacity { level.reserveCapacity(Swift.min(capacity, 2 * level.count + 1)) }
    level.append(x)
  }

  /// Reserves room for `added` more values in level `h`, with the growth cap of `append`.
  @inline(__always) mutating func reserve(_ added: Int, inLevel h: Int) {
    let count = levels[h].count, needed = count + added
    if levels[h].capacity < needed { levels[h].reserveCapacity(Swift.min(capacity, Swift.max(needed, 2 * count + 1))) }
  }

  /// Appends `count` values, stored as their bit patterns at `bits`, to level `h`: one copy.
  @inline(__always) mutating func append(bitPatterns bits: UnsafeMutablePointer<UInt64>, count: Int, toLevel h: Int) {
    reserve(count, inLevel: h)
    bits.withMemoryRebound(to: Double.self, capacity: count) { levels[h].append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
  }

  /// Starts a compaction of level `h`: makes sure a level exists above it and returns the
  /// offset (0 or 1, alternating) of the first value to move up.
  @inline(__always) mutating func beginCompaction(_ h: Int) -> Int {
    if h + 1 == levels.count {
      levels.append([])
      compactions.append(0)
    }
    let offset = compactions[h] % 2
    compactions[h] += 1
    return offset
  }

  /// Sorts level `h` and moves every other value (from the alternating offset) up one level;
  /// compacts the level above when it fills. `scratch`: at least `2 · capacity` keys.
  mutating func compact(_ h: Int, scratch: UnsafeMutableBufferPointer<UInt64>) {
    // The level is moved out while the one above grows (no overlapping access to `levels`,
    // and its buffer stays unique, so clearing it keeps the allocation).
    var level: [Double] = []
    swap(&level, &levels[h])
    level.withUnsafeBufferPointer { v in
      if h == 0 { halveSorted(v, scratch: scratch) } else { halveMerged(v, level: h, scratch: scratch) }
    }
    level.removeAll(keepingCapacity: true)
    swap(&level, &levels[h])
    if levels[h + 1].count >= capacity { compact(h + 1, scratch: scratch) }
  }

  /// Level 0's compaction, of a full level `v` (at least 2 values, in arrival order): sorted
  /// by `KeySort` (the bits of a stable `sort()`; the values of one output lie in a range, so
  /// this is one counting pass and a short insertion sort, or with a `hint` of `v.count` values
  /// a gather in the hint's order and a shorter one), every other value to level 1.
  mutating func halveSorted(
    _ v: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>, hint: UnsafeMutablePointer<SortHint>? = nil
  ) {
    let offset = beginCompaction(0)
    let n = v.count, kept = (n - offset + 1) / 2
    // Finite values only (SummaryAccumulator keeps NaN and ±∞ out).
    let (keys, negativeZeros): (UnsafeMutablePointer<UInt64>, Bool)
    if let hint, hint.pointee.count == n {
      (keys, negativeZeros) = hint.pointee.sortedKeys(of: v, scratch: scratch)
    } else {
      (keys, negativeZeros) = KeySort.sortedKeys(of: v, scratch: scratch)
    }
    if !negativeZeros {
      // The values moving up overwrite the keys from the front (slot m ≤ key offset + 2m).
      for m in 0..<kept { keys[m] = KeySort.value(keys[offset &+ 2 &* m]).bitPattern }
      append(bitPatterns: keys, count: kept, toLevel: 1)
    } else {
      // Zeros of both signs: the full sort puts their signs back in arrival order.
      var sorted = Array(v)
      sorted.withUnsafeMutableBufferPointer { $0.radixSort(scratch: scratch) }
      reserve(kept, inLevel: 1)
      levels[1].append(contentsOf: stride(from: offset, to: n, by: 2).lazy.map { sorted[$0] })
    }
  }

  /// An upper level's compaction. Level `h` ≥ 1 holds what two compactions below it moved up:
  /// two sorted runs of `capacity / 2` values, which a stable merge (the left run first on
  /// ties) puts in exactly the order a stable sort of the level gives, in O(capacity) instead
  /// of O(capacity · log capacity). About half of all compactions are above level 0.
  mutating func halveMerged(_ v: UnsafeBufferPointer<Double>, level h: Int, scratch: UnsafeMutableBufferPointer<UInt64>) {
    let offset = beginCompaction(h)
    let half = v.count / 2
    assert(v[..<half].indices.dropFirst().allSatisfy { v[$0 - 1] <= v[$0] }, "left run not sorted")
    assert(v[half...].indices.dropFirst().allSatisfy { v[$0 - 1] <= v[$0] }, "right run not sorted")
    // The merge runs from both ends at once: the front takes the smaller head (the left on
    // ties), the back the larger tail (the right on ties), so the output is the stable order
    // and the two chains of dependent loads overlap. Sides are picked branch-free (which side
    // wins is data; a mispredicted jump costs more than both loads). Merged value k is written
    // to slot k / 2 of the scratch if it moves up, to a spare slot past them if not.
    let moving = scratch.baseAddress!
    let n = v.count, fronts = n - half, spare = n
    @inline(__always) func slot(_ k: Int) -> Int { k & 1 == offset ? k >> 1 : spare }
    var a = 0, b = half, k = 0  // front: heads of the runs, merged index
    var c = half - 1, d = n - 1, j = n - 1  // back: tails of the runs, merged index
    while k < fronts && a < half && b < n && j >= fronts && c >= 0 && d >= half {
      let x = v[a], y = v[b]
      let right = y < x
      moving[slot(k)] = (right ? y : x).bitPattern
      a &+= right ? 0 : 1
      b &+= right ? 1 : 0
      k &+= 1
      let p = v[c], q = v[d]
      let left = q < p
      moving[slot(j)] = (left ? p : q).bitPattern
      c &-= left ? 1 : 0
      d &-= left ? 0 : 1
      j &-= 1
    }
    while k < fronts {  // a run ran out at the front
      let x: Double
      if a < half && (b == n || !(v[b] < v[a])) {
        x = v[a]
        a += 1
      } else {
        x = v[b]
        b += 1
      }
      moving[slot(k)] = x.bitPattern
      k += 1
    }
    while j >= fronts {  // or at the back
      let x: Double
      if c >= 0 && (d < half || v[d] < v[c]) {
        x = v[c]
        c -= 1
      } else {
        x = v[d]
        d -= 1
      }
      moving[slot(j)] = x.bitPattern
      j -= 1
    }
    let kept = (n - offset + 1) / 2
    append(bitPatterns: moving, count: kept, toLevel: h + 1)
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
    // Every non-empty level as one run, all in one buffer: run r is items[starts[r]..<ends[r]].
    var items: [Double] = []
    items.reserveCapacity(levels.reduce(0) { $0 + $1.count })
    var starts: [Int] = [], ends: [Int] = [], weights: [Int] = []
    var total = 0
    for (h, level) in levels.enumerated() where !level.isEmpty {
      let start = items.count
      items.append(contentsOf: level)
      starts.append(start)
      ends.append(items.count)
      weights.append(1 << h)
      total += level.count << h
      if h == 0 || !level.indices.dropFirst().allSatisfy({ !(level[$0] < level[$0 - 1]) }) {
        items[start...].withUnsafeMutableBufferPointer { $0.radixSort() }
      }
    }
    // The ranks asked for, in increasing order; each gets the value of the item covering it.
    let lowers = probabilities.map { p in Int((Double(total - 1) * p).rounded(.down)) }
    let ranks = Array(Set(lowers.flatMap { [$0, Swift.min($0 + 1, total - 1)] })).sorted()
    var found = [Double](repeating: 0, count: ranks.count)
    items.withUnsafeBufferPointer { v in
      starts.withUnsafeMutableBufferPointer { heads in
        var before = 0  // weight of the items taken so far
        var q = 0  // the next rank to find
        while q < ranks.count {
          // The smallest head; on ties the lowest level (stable).
          var best = -1, x = 0.0
          for r in 0..<heads.count where heads[r] < ends[r] {
            let y = v[heads[r]]
            if best < 0 || y < x {
              best = r
              x = y
            }
          }
          heads[best] += 1
          before += weights[best]
          // This item covers ranks up to `before − 1`.
          while q < ranks.count && ranks[q] < before {
            found[q] = x
            q += 1
          }
        }
      }
    }
    func value(_ rank: Int) -> Double { found[ranks.firstIndex(of: rank)!] }
    return zip(probabilities, lowers).map { p, lower in
      let h = Double(total - 1) * p
      let frac = h - Double(lower)
      let a = value(lower)
      if frac == 0 || lower + 1 >= total { return a }
      let b = value(lower + 1)
      return a + frac * (b - a)
    }
  }
}

/// Sorting doubles by their bits, with the order of the standard library's stable `sort()` bit
/// for bit (so summaries built on it keep their bytes).
///
/// Each double maps to an unsigned key whose order is the order of `<`: a positive value gets its
/// sign bit set, a negative one all bits flipped. `−0` takes the key of `+0`, because `<` holds
/// them equal; a stable sort keeps equal values in arrival order, and every pair of equal values
/// other than ±0 has the same bits, so only a run of zeros needs its signs put back in arrival
/// order.
///
/// The keys are sorted in one of two ways:
/// - **Buckets** (up to 4,096 keys, the sketch's level 0): one counting pass on `key − min`,
///   scaled onto twice as many buckets as keys (rounded up to a power of two; 4× was slower),
///   puts each key in its bucket, then an insertion sort finishes inside the buckets. Stable,
///   and O(n) while the buckets stay small: the values of one output spread over a range.
///   Buckets are crowded when more than `crowdingLimit · n` pairs of keys share one: a far
///   outlier, a few repeated values, or values on both sides of 0, whose keys leave the range
///   between the smallest magnitudes of either sign empty. For the last, a second counting
///   pass on `value − min` instead (`ValueBuckets`).
/// - **Least-significant digit first**, when the buckets stay crowded or the buffer is long:
///   byte by byte, the counts of all eight bytes from one pass, bytes that are the same in every
///   key skipped.
///
/// A third way, for values that come again and again from the same sources (a cohort's patients
/// on successive output days): `sortedKeys(of:scratch:order:spare:hinted:)` also returns the
/// permutation that sorted them, and starts the next sort from it (`SortHint`).
///
/// - Complexity: O(n) for spread values; O(n · b) for b varying bytes (at most 8) otherwise.
///   Work space: 2n keys of scratch and at most 8,192 counts on the stack. Values must not be NaN.
public enum KeySort {
  /// The key of `x`: unsigned order equals the order of `<` (−0 as +0).
  @inline(__always) static func key(_ x: Double) -> UInt64 {
    let sign: UInt64 = 1 << 63
    let bits = x.bitPattern == sign ? 0 : x.bitPattern
    return bits & sign == 0 ? bits | sign : ~bits
  }

  /// The value of `key` (+0 for a zero).
  @inline(__always) static func value(_ key: UInt64) -> Double {
    let sign: UInt64 = 1 << 63
    return Double(bitPattern: key & sign != 0 ? key ^ sign : ~key)
  }

  /// Longest buffer sorted by buckets.
  static let maxBucketed = 4096
  /// Pairs of keys sharing a bucket, per key, above which the insertion sort would cost more
  /// than a byte-wise sort. (At 4,096 patients: every level-0 sort of `natural_menopause` takes
  /// the buckets, at most 1.0 pair per key; 10–14 % of those of `combined`, `exercise_only` and
  /// `hrt_only` are crowded, mostly percent changes on both sides of 0.)
  static let crowdingLimit = 4

  /// Sorts the keys of `values` (at least 2) into `scratch` (at least `2 · values.count` keys).
  ///
  /// - Returns: where the sorted keys start (the first or the second half of `scratch`) and
  ///   whether a −0 was among the values.
  static func sortedKeys(
    of values: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>
  ) -> (keys: UnsafeMutablePointer<UInt64>, negativeZeros: Bool) {
    let n = values.count
    precondition(n >= 2 && scratch.count >= 2 * n, "sortedKeys needs 2 · count keys of scratch")
    let source = scratch.baseAddress!, target = source + n
    var negativeZeros = false
    var low = UInt64.max, high = UInt64.min
    for i in 0..<n {
      let x = values[i]
      if x.bitPattern == 1 << 63 { negativeZeros = true }
      let k = key(x)
      source[i] = k
      low = Swift.min(low, k)
      high = Swift.max(high, k)
    }
    var none = NoCarry()
    return (sort(source, into: target, count: n, low: low, high: high, carry: &none), negativeZeros)
  }

  /// Sorts the keys at `source` (in any order; `low` and `high` the least and greatest) by
  /// buckets or by bytes, moving `carry`'s items with them. Returns where the sorted keys are
  /// (`source` or `target`); `carry`'s source buffer then holds their items.
  static func sort<Carry: SortCarry>(
    _ source: UnsafeMutablePointer<UInt64>, into target: UnsafeMutablePointer<UInt64>, count n: Int, low: UInt64, high: UInt64,
    carry: inout Carry
  ) -> UnsafeMutablePointer<UInt64> {
    // All keys equal: already in order (and zeros in arrival order).
    guard low != high else { return source }
    if n <= maxBucketed {
      let buckets = bucketCount(n)
      var sorted = bucketSort(source, into: target, count: n, by: KeyBuckets(low: low, high: high, buckets: buckets), carry: carry)
      // Keys of both signs crowd the buckets around the smallest magnitudes: buckets by value.
      if !sorted, let byValue = ValueBuckets(low: low, high: high, buckets: buckets) {
        sorted = bucketSort(source, into: target, count: n, by: byValue, carry: carry)
      }
      if sorted {
        carry.swapBuffers()
        return target
      }
    }
    return byteSort(source, spare: target, count: n, carry: &carry)
  }

  /// Keys an insertion sort from a hint may move, per key, before it gives up. Between monthly
  /// outputs of `natural_menopause` a chunk's patients make at most 3.7 inversions per key
  /// (most outputs well under 1); hormone levels under a patch, which cycle, and every percent
  /// change after day 0 (all 0 there) make about n / 4, as a random order does.
  static let hintedMoveLimit = 4

  /// The sorted keys of `values` (2 ≤ n ≤ 65,536) in `scratch` (at least 2n keys), as
  /// `sortedKeys(of:scratch:)` gives them, and with them a permutation `order` of 0..<n
  /// (`spare`: n indices of work space). `ordered` says whether `order` sorts the values:
  /// `order[r]` is then the position in `values` of the key of rank r.
  ///
  /// Without `hinted`, the key–index pairs are sorted by buckets or bytes (`ordered`). With
  /// `hinted`, `order` holds on entry a permutation that sorted similar values (the same
  /// patients an output day earlier): the keys are gathered in that order and an insertion sort
  /// finishes them in O(n + inversions) (`ordered`). If it would move more than
  /// `hintedMoveLimit · n` keys, it stops and the keys alone are sorted by buckets or bytes
  /// (not `ordered`). The keys are the same in every case: a sorted array of keys is unique.
  static func sortedKeys(
    of values: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<UInt64>,
    order: UnsafeMutablePointer<UInt16>, spare: UnsafeMutablePointer<UInt16>, hinted: Bool
  ) -> (keys: UnsafeMutablePointer<UInt64>, negativeZeros: Bool, ordered: Bool) {
    let n = values.count
    precondition(n >= 2 && n <= 1 << 16 && scratch.count >= 2 * n, "sortedKeys needs 2 ≤ count ≤ 65,536 and 2 · count keys of scratch")
    let source = scratch.baseAddress!, target = source + n
    var negativeZeros = false
    var low = UInt64.max, high = UInt64.min
    for r in 0..<n {
      let i = hinted ? Int(order[r]) : r
      let x = values[i]
      if x.bitPattern == 1 << 63 { negativeZeros = true }
      let k = key(x)
      source[r] = k
      if !hinted { order[r] = UInt16(truncatingIfNeeded: r) }
      low = Swift.min(low, k)
      high = Swift.max(high, k)
    }
    if hinted {
      if insertionSort(source, carrying: order, count: n, moveLimit: hintedMoveLimit * n) { return (source, negativeZeros, true) }
      var none = NoCarry()
      return (sort(source, into: target, count: n, low: low, high: high, carry: &none), negativeZeros, false)
    }
    var carry = IndexCarry(sourceIndices: order, targetIndices: spare)
    let keys = sort(source, into: target, count: n, low: low, high: high, carry: &carry)
    if carry.sourceIndices != order { order.update(from: carry.sourceIndices, count: n) }
    return (keys, negativeZeros, true)
  }

  /// Stable insertion sort of `keys` with `indices` moved alongside; gives up after moving
  /// more than `moveLimit` keys (returns false, each key still beside its index).
  static func insertionSort(
    _ keys: UnsafeMutablePointer<UInt64>, carrying indices: UnsafeMutablePointer<UInt16>, count n: Int, moveLimit: Int
  ) -> Bool {
    var moves = 0
    var before = keys[0]  // the largest of keys 0..<i, at i − 1
    for i in 1..<n {
      let k = keys[i]
      guard k < before else {
        before = k
        continue
      }
      let index = indices[i]
      var j = i
      repeat {
        keys[j] = keys[j &- 1]
        indices[j] = indices[j &- 1]
        j &-= 1
      } while j > 0 && k < keys[j &- 1]
      keys[j] = k
      indices[j] = index
      moves &+= i &- j
      if moves > moveLimit { return false }
    }
    return true
  }

  /// Buckets for `n` keys: twice as many, rounded up to a power of two (at least 64).
  static func bucketCount(_ n: Int) -> Int { Swift.max(64, 2 << (Int.bitWidth - (n - 1).leadingZeroBitCount)) }

  /// Counting pass on `key − low` scaled onto the buckets, then insertion sort within buckets,
  /// from `source` into `target`. Returns false (nothing written) when the buckets are crowded.
  static func bucketSort(
    _ source: UnsafeMutablePointer<UInt64>, into target: UnsafeMutablePointer<UInt64>, count n: Int, low: UInt64, high: UInt64
  ) -> Bool {
    bucketSort(source, into: target, count: n, by: KeyBuckets(low: low, high: high, buckets: bucketCount(n)), carry: NoCarry())
  }

  /// The counting pass of `bucketing`'s buckets, then insertion sort within buckets, from
  /// `source` into `target`, moving `carry`'s items with the keys. Returns false (nothing
  /// written) when the buckets are crowded.
  static func bucketSort<Buckets: Bucketing, Carry: SortCarry>(
    _ source: UnsafeMutablePointer<UInt64>, into target: UnsafeMutablePointer<UInt64>, count n: Int, by bucketing: Buckets,
    carry: Carry
  ) -> Bool {
    let buckets = bucketing.buckets
    @inline(__always) func bucket(_ key: UInt64) -> Int {
      let b = bucketing.bucket(key)
      assert(b >= 0 && b < buckets, "bucket \(b) of \(buckets)")
      return b
    }
    // 32-bit counts (n ≤ 4,096): half the cache lines of the table.
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: buckets) { counts -> Bool in
      let start = counts.baseAddress!
      start.initialize(repeating: 0, count: buckets)
      // Pairs sharing a bucket, counted as they form: a key joining c keys makes c pairs
      // (the sum is Σ c(c − 1)/2 over the buckets, without a pass over the buckets).
      var pairs = 0
      for i in 0..<n {
        let b = bucket(source[i])
        let c = start[b]
        pairs &+= Int(c)
        start[b] = c &+ 1
      }
      var offset: Int32 = 0
      for b in 0..<buckets {
        let c = start[b]
        start[b] = offset
        offset &+= c
      }
      guard pairs <= crowdingLimit * n else { return false }
      for i in 0..<n {
        let k = source[i]
        let b = bucket(k)
        let slot = Int(start[b])
        target[slot] = k
        carry.setTarget(slot, carry.source(i))
        start[b] &+= 1
      }
      // Keys in earlier buckets are smaller, so only keys sharing a bucket are out of order.
      // Each key first swaps with its neighbour branch-free (min/max); only a key that must go
      // further back takes the insertion loop, so a bucket of two costs no mispredicted jump.
      var before = target[0]  // the key at i − 1 once keys 0..<i are in order
      for i in 1..<n {
        let k = target[i]
        let low = Swift.min(k, before), high = Swift.max(k, before)
        target[i &- 1] = low
        target[i] = high
        let swapped = k < before, a = carry.target(i &- 1), b = carry.target(i)
        carry.setTarget(i &- 1, swapped ? b : a)
        carry.setTarget(i, swapped ? a : b)
        if i >= 2 && low < target[i &- 2] {
          let item = carry.target(i &- 1)
          var j = i &- 1
          while j > 0 && low < target[j &- 1] {
            target[j] = target[j &- 1]
            carry.setTarget(j, carry.target(j &- 1))
            j &-= 1
          }
          target[j] = low
          carry.setTarget(j, item)
        }
        before = high
      }
      return true
    }
  }

  /// Least-significant-digit radix sort of `source[0..<n]`, with `spare` as the other buffer;
  /// returns the one that holds the result.
  static func byteSort(_ source: UnsafeMutablePointer<UInt64>, spare: UnsafeMutablePointer<UInt64>, count n: Int)
    -> UnsafeMutablePointer<UInt64>
  {
    var carry = NoCarry()
    return byteSort(source, spare: spare, count: n, carry: &carry)
  }

  /// `byteSort` moving `carry`'s items with the keys; on return `carry`'s source holds the
  /// items of the returned keys.
  static func byteSort<Carry: SortCarry>(
    _ source: UnsafeMutablePointer<UInt64>, spare: UnsafeMutablePointer<UInt64>, count n: Int, carry: inout Carry
  ) -> UnsafeMutablePointer<UInt64> {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 8 * 256) { counts in
      var source = source, target = spare
      // The counts of every byte in one pass (eight tables, so that keys sharing a byte do not
      // wait on one counter eight times over).
      let bucket = counts.baseAddress!
      bucket.initialize(repeating: 0, count: 8 * 256)
      for i in 0..<n {
        let key = source[i]
        for d in 0..<8 { bucket[d &* 256 &+ Int(truncatingIfNeeded: (key >> UInt64(8 &* d)) & 0xFF)] &+= 1 }
      }
      // A byte that is the same in every key (one bucket holds all n) leaves the order as it is.
      for d in 0..<8 where bucket[d &* 256 &+ Int(truncatingIfNeeded: (source[0] >> UInt64(8 &* d)) & 0xFF)] != n {
        let shift = UInt64(8 * d)
        let table = bucket + d &* 256
        var start = 0
        for b in 0..<256 {
          let c = table[b]
          table[b] = start
          start &+= c
        }
        for i in 0..<n {
          let key = source[i]
          let b = Int(truncatingIfNeeded: (key >> shift) & 0xFF)
          target[table[b]] = key
          carry.setTarget(table[b], carry.source(i))
          table[b] &+= 1
        }
        swap(&source, &target)
        carry.swapBuffers()
      }
      return source
    }
  }
}

/// A monotone map of keys onto `0..<buckets`: a smaller key never gets a later bucket, so a
/// counting pass and an insertion sort within buckets sort the keys whatever the map.
protocol Bucketing {
  var buckets: Int { get }
  func bucket(_ key: UInt64) -> Int
}

/// Buckets by the key's distance from the least key: ⌊(key − low) · scale / 2⁶⁴⌋, every bucket
/// in use. Keys are nearly logarithmic in the values within a sign, so this spreads values of
/// one sign over several orders of magnitude.
struct KeyBuckets: Bucketing {
  let low: UInt64, scale: UInt64, buckets: Int

  init(low: UInt64, high: UInt64, buckets: Int) {
    let range = high &- low
    self.low = low
    self.buckets = buckets
    self.scale = range < UInt64(buckets) ? 0 : range.dividingFullWidth((high: UInt64(buckets - 1), low: UInt64.max)).quotient
  }

  /// In range: offset ≤ range, and range · scale ≤ (buckets − 1) · 2⁶⁴ + 2⁶⁴ − 1 by the
  /// division in `init`, so the high word is at most buckets − 1.
  @inline(__always) func bucket(_ key: UInt64) -> Int {
    let offset = key &- low
    return Int(truncatingIfNeeded: scale == 0 ? offset : offset.multipliedFullWidth(by: scale).high)
  }
}

/// Buckets by the value's distance from the least value, ⌊(x − low) · scale⌋ with the last
/// bucket taking the greatest value. For values on both sides of 0, whose keys leave the span
/// between the smallest magnitudes of either sign empty (a percent change around 0), so that
/// key buckets crowd. Monotone because rounded subtraction and multiplication are.
struct ValueBuckets: Bucketing {
  let low: Double, scale: Double, buckets: Int

  /// Nil unless the keys span both signs, over a range whose scale is finite and positive.
  init?(low: UInt64, high: UInt64, buckets: Int) {
    let least = KeySort.value(low), greatest = KeySort.value(high)
    let scale = Double(buckets) / (greatest - least)
    // A range that overflows gives scale 0, one too small an infinite scale: neither spreads.
    guard least < 0 && greatest > 0 && scale.isFinite && scale > 0 else { return nil }
    self.low = least
    self.scale = scale
    self.buckets = buckets
  }

  @inline(__always) func bucket(_ key: UInt64) -> Int {
    Swift.min(Int((KeySort.value(key) - low) * scale), buckets - 1)
  }
}

/// What a key sort moves along with its keys: nothing, or each key's position in the input.
protocol SortCarry {
  associatedtype Item
  /// The item at `i` of the buffer the keys come from, and of the one they go to.
  func source(_ i: Int) -> Item
  func target(_ i: Int) -> Item
  func setTarget(_ i: Int, _ item: Item)
  /// The target becomes the source of the next pass (`byteSort`).
  mutating func swapBuffers()
}

/// Keys alone: every operation is empty, and the sort compiles as if it had none.
struct NoCarry: SortCarry {
  @inline(__always) func source(_ i: Int) {}
  @inline(__always) func target(_ i: Int) {}
  @inline(__always) func setTarget(_ i: Int, _ item: Void) {}
  @inline(__always) mutating func swapBuffers() {}
}

/// Each key's position in the values sorted, 16 bits (at most 65,536 values).
struct IndexCarry: SortCarry {
  var sourceIndices: UnsafeMutablePointer<UInt16>
  var targetIndices: UnsafeMutablePointer<UInt16>
  @inline(__always) func source(_ i: Int) -> UInt16 { sourceIndices[i] }
  @inline(__always) func target(_ i: Int) -> UInt16 { targetIndices[i] }
  @inline(__always) func setTarget(_ i: Int, _ item: UInt16) { targetIndices[i] = item }
  @inline(__always) mutating func swapBuffers() { swap(&sourceIndices, &targetIndices) }
}

extension UnsafeMutableBufferPointer where Element == Double {
  /// Sorts with scratch on the stack (or the heap, for long buffers).
  public func radixSort() {
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * count) { radixSort(scratch: $0) }
  }

  /// Sorts with `scratch`, at least `2 · count` keys, as work space: a caller sorting many
  /// buffers gives the same scratch every time instead of fresh memory (whose first touch
  /// costs the kernel's page clearing).
  public func radixSort(scratch: UnsafeMutableBufferPointer<UInt64>) {
    let n = count
    guard n > 1 else { return }
    if n <= 32 { return insertionSort() }
    let values = baseAddress!
    let (keys, negativeZeros) = KeySort.sortedKeys(of: UnsafeBufferPointer(self), scratch: scratch)
    if negativeZeros {
      // The zeros in arrival order, then the sorted values with their zero run replaced.
      var zeros: [Double] = []
      for i in 0..<n where values[i] == 0 { zeros.append(values[i]) }
      var z = 0
      for i in 0..<n {
        let x = KeySort.value(keys[i])
        if x == 0 {
          values[i] = zeros[z]
          z += 1
        } else {
          values[i] = x
        }
      }
    } else {
      for i in 0..<n { values[i] = KeySort.value(keys[i]) }
    }
  }

  /// Stable insertion sort for short buffers.
  func insertionSort() {
    guard count > 1 else { return }
    let v = baseAddress!
    for i in 1..<count {
      let x = v[i]
      var j = i
      while j > 0 && x < v[j - 1] {
        v[j] = v[j - 1]
        j -= 1
      }
      v[j] = x
    }
  }
}

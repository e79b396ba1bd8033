import BoneSimIO
import Testing

/// The quantile sketch's compactions sort with `FloatRadixSort` (issue 15); summaries stay
/// byte-identical only if it returns exactly what the standard library's `sort()` returns.
@Suite("FloatRadixSort gives the standard library's order, bit for bit")
struct FloatRadixSortTests {
  /// Splitmix64: a fixed, independent stream of test values.
  struct Mix {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
  }

  static func expectSameAsSort(_ values: [Double], _ label: String) {
    var radix = values
    FloatRadixSort.sort(&radix)
    let reference = values.sorted()
    #expect(radix.map(\.bitPattern) == reference.map(\.bitPattern), "\(label)")
  }

  @Test("outputs-like values, duplicates, mixed signs, extremes, short and long arrays")
  func matchesSort() {
    var mix = Mix(state: 20261204)
    for (k, n) in [0, 1, 2, 63, 64, 65, 1000, 2047, 2048, 4096].enumerated() {
      // Percent changes around −10 … +5.
      Self.expectSameAsSort((0..<n).map { _ in -10 + 15 * mix.uniform() }, "pct n=\(n)")
      // One shared exponent (volume fractions in [0.25, 0.5)): high bytes all equal, passes skipped.
      Self.expectSameAsSort((0..<n).map { _ in 0.25 + 0.25 * mix.uniform() }, "narrow n=\(n)")
      // Many exact duplicates (a day-0 output) and +0.
      Self.expectSameAsSort((0..<n).map { _ in [0.0, 1.5, -1.5, 0.0][Int(mix.next() % 4)] }, "dups n=\(n)")
      // Every magnitude and sign, subnormals and infinities.
      let wide: [Double] = (0..<n).map { i in
        switch (Int(mix.next() % 8) + i + k) % 8 {
        case 0: .infinity
        case 1: -.infinity
        case 2: .leastNonzeroMagnitude * Double(mix.next() % 100)
        case 3: -.greatestFiniteMagnitude * mix.uniform()
        default: Double(bitPattern: mix.next() & ~(0x7FF0_0000_0000_0000) | (UInt64(mix.next() % 2046 + 1) << 52))
        }
      }
      Self.expectSameAsSort(wide, "wide n=\(n)")
    }
  }

  @Test("−0 keeps its place next to +0, as sort() leaves equal values")
  func negativeZero() {
    var mix = Mix(state: 7)
    for n in [64, 2048] {
      let values: [Double] = (0..<n).map { _ in [0.0, -0.0, 2.0, -2.0][Int(mix.next() % 4)] }
      Self.expectSameAsSort(values, "±0 n=\(n)")
      var radix = values
      FloatRadixSort.sort(&radix)
      // Both zeros are still there, in their input order.
      #expect(radix.filter { $0 == 0 }.map(\.sign) == values.filter { $0 == 0 }.map(\.sign))
    }
  }

  @Test("a sketch over 10^5 values keeps its rank-error bound (compactions sort by radix)")
  func sketchStillWithinBound() {
    var mix = Mix(state: 99)
    let values = (0..<100_000).map { _ in -5 + 10 * mix.uniform() * mix.uniform() }
    var sketch = QuantileSketch()
    for v in values { sketch.add(v) }
    let sorted = values.sorted()
    for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
      let q = sketch.quantiles([p])[0]
      // Rank of q in the exact sample, against the rank it should have.
      let rank = Double(sorted.partitioningIndex { $0 >= q })
      #expect(abs(rank - p * Double(values.count - 1)) <= sketch.rankErrorBound + 1, "p=\(p)")
    }
  }
}

extension Array where Element == Double {
  /// First index whose element satisfies `predicate` (the array is sorted so that it holds on a suffix).
  fileprivate func partitioningIndex(where predicate: (Double) -> Bool) -> Int {
    var lo = 0, hi = count
    while lo < hi {
      let mid = (lo + hi) / 2
      if predicate(self[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }
}

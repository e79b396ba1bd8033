import BoneSimCore
@testable import BoneSimIO
import Foundation
import Testing

/// Sorting from the previous output day's order (`SortHint`) changes how long a sort takes,
/// never its result: the keys, and everything built on them, equal those of the sort without a
/// hint for any hint at all.
@Suite("Sort hints: the same sorted keys and quantiles with any hint")
struct SortHintTests {
  /// A chunk's values of one output on successive days: a patient-specific level that drifts,
  /// so the order changes a little from day to day (as a cohort's does).
  static func day(_ t: Int, patients n: Int, seed: UInt64 = 5) -> [Double] {
    (0..<n).map { p in
      let r = PatientRandom(seed: seed, patient: p, stream: 3)
      return 0.9 + 0.09 * r.normal(0) - 1e-4 * Double(t) * (1 + r.normal(1))
    }
  }

  /// Sorts `values` with `order` as hint (or none) and checks the keys against a sort of the
  /// values' keys, and the returned order against the keys when it claims to sort them (always
  /// without a hint); returns the order and whether it sorts.
  @discardableResult
  func checkHinted(_ values: [Double], order: [UInt16]?, _ label: String) -> (order: [UInt16], ordered: Bool) {
    let n = values.count
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * n)
    defer { scratch.deallocate() }
    var indices = order ?? [UInt16](repeating: 0, count: n)
    var spare = [UInt16](repeating: 0, count: n)
    let (keys, ordered) = values.withUnsafeBufferPointer { v in
      indices.withUnsafeMutableBufferPointer { o in
        spare.withUnsafeMutableBufferPointer { s in
          let sorted = KeySort.sortedKeys(of: v, scratch: scratch, order: o.baseAddress!, spare: s.baseAddress!, hinted: order != nil)
          return (Array(UnsafeBufferPointer(start: sorted.keys, count: n)), sorted.ordered)
        }
      }
    }
    #expect(keys == values.map(KeySort.key).sorted(), "\(label): keys")
    #expect(Set(indices).count == n && indices.allSatisfy { Int($0) < n }, "\(label): a permutation")
    #expect(ordered || order != nil, "\(label): a sort without a hint gives its order")
    if ordered { #expect(indices.map { KeySort.key(values[Int($0)]) } == keys, "\(label): the order sorts the values") }
    return (indices, ordered)
  }

  @Test("hinted keys equal unhinted ones for spread, crowded, tied, signed-zero and long inputs, from good, stale, reversed and random hints")
  func hintedKeys() {
    for n in [2, 3, 33, 2048, 5000] {
      let z = (0..<n).map { PatientRandom(seed: 11, patient: $0, stream: 9).normal(0) }
      let inputs: [(String, [Double])] = [
        ("spread", z.map { 0.9 + 0.09 * $0 }),
        ("both signs", z),
        ("ties", z.map { ($0 * 2).rounded() / 2 }),
        ("signed zeros", z.enumerated().map { i, v in i % 3 == 0 ? (i % 2 == 0 ? -0.0 : 0.0) : v }),
        ("outlier", z.enumerated().map { i, v in i == n / 2 ? 1e300 : 1 + 1e-9 * v }),
        ("all equal", z.map { _ in 0.25 }),
      ]
      for (name, x) in inputs {
        let own = checkHinted(x, order: nil, "\(name) n \(n), no hint").order
        #expect(checkHinted(x, order: own, "\(name) n \(n), its own order").ordered)
        let reversed = checkHinted(x, order: Array(own.reversed()), "\(name) n \(n), reversed").ordered
        var shuffle = Array(0..<UInt16(n))
        for i in shuffle.indices.reversed() {
          let j = Int(PatientRandom(seed: 3, patient: i, stream: 1).uniform(0) * Double(i + 1))
          shuffle.swapAt(i, min(j, i))
        }
        let random = checkHinted(x, order: shuffle, "\(name) n \(n), random").ordered
        // Beyond a few keys, a reversed or random start is more than the insertion sort may move.
        if n >= 33 && name != "all equal" { #expect(!reversed && !random, "\(name) n \(n)") }
        // A neighbouring day's order, as a cohort gives it.
        #expect(checkHinted(x.map { $0 * 1.001 + 1e-3 }, order: own, "\(name) n \(n), the day before").ordered)
      }
    }
  }

  @Test("the insertion sort gives up past its move limit and leaves each key beside its index")
  func moveLimit() {
    let n = 512
    var keys = (0..<UInt64(n)).reversed().map { $0 * 7 }  // n(n − 1)/2 moves needed
    var indices = (0..<UInt16(n)).map { $0 }
    let pairs = Dictionary(uniqueKeysWithValues: zip(indices, keys))
    let done = keys.withUnsafeMutableBufferPointer { k in
      indices.withUnsafeMutableBufferPointer { KeySort.insertionSort(k.baseAddress!, carrying: $0.baseAddress!, count: n, moveLimit: 4 * n) }
    }
    #expect(!done)
    #expect(zip(indices, keys).allSatisfy { pairs[$0.0] == $0.1 })
    var sortedKeys = keys, sortedIndices = indices
    let finished = sortedKeys.withUnsafeMutableBufferPointer { k in
      sortedIndices.withUnsafeMutableBufferPointer { KeySort.insertionSort(k.baseAddress!, carrying: $0.baseAddress!, count: n, moveLimit: n * n) }
    }
    #expect(finished && sortedKeys == keys.sorted() && zip(sortedIndices, sortedKeys).allSatisfy { pairs[$0.0] == $0.1 })
  }

  @Test("a cohort's days through a hinted sketch give the levels and quantiles of an unhinted one", arguments: [16, 2048])
  func hintedSketch(capacity: Int) {
    var plain = SummaryAccumulator(capacity: capacity), hinted = plain
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * capacity)
    defer { scratch.deallocate() }
    let indices = UnsafeMutablePointer<UInt16>.allocate(capacity: 2 * capacity)
    defer { indices.deallocate() }
    var hint = SortHint(order: indices, spare: indices + capacity, count: capacity)
    // Forty days of one chunk, a day in reverse order with −0, a day of values on both sides of
    // 0, then a short chunk and a day with a NaN (both sorted without the hint).
    var columns = (0..<40).map { Self.day($0, patients: capacity) }
    columns.append(Self.day(40, patients: capacity).enumerated().map { i, v in i % 4 == 0 ? -0.0 : 2 - v })
    columns.append(Self.day(41, patients: capacity).map { $0 - 0.9 })
    columns.append(Array(Self.day(42, patients: capacity).prefix(capacity / 2)))
    columns.append(Self.day(43, patients: capacity).enumerated().map { i, v in i == 1 ? .nan : v })
    for (t, column) in columns.enumerated() {
      column.withUnsafeBufferPointer { v in
        plain.add(contentsOf: v, scratch: scratch)
        hinted.add(contentsOf: v, scratch: scratch, hint: &hint)
      }
      // The drifting days follow the hint; the reversed day does not.
      if t == 39 { #expect(hint.isSet && hint.misses == 0) }
      if t == 40 { #expect(!hint.isSet && hint.misses == 1) }
    }
    #expect(hinted.sketch.levels.map { $0.map(\.bitPattern) } == plain.sketch.levels.map { $0.map(\.bitPattern) })
    #expect(hinted.sketch.compactions == plain.sketch.compactions && hinted.moments == plain.moments)
    let p = SummaryAccumulator.probabilities
    #expect(hinted.sketch.quantiles(p).map(\.bitPattern) == plain.sketch.quantiles(p).map(\.bitPattern))
  }

  @Test("a hint that fails waits 1, 3, 7 … 31 sorts, sorts once more for its order, then tries again; one that helps resets")
  func backOff() {
    let n = 256
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * n)
    defer { scratch.deallocate() }
    let indices = UnsafeMutablePointer<UInt16>.allocate(capacity: 2 * n)
    defer { indices.deallocate() }
    var hint = SortHint(order: indices, spare: indices + n, count: n)
    // Values in a fresh random order every day: the hint never helps.
    func randomDay(_ t: Int) -> [Double] { (0..<n).map { PatientRandom(seed: UInt64(t), patient: $0, stream: 2).uniform(0) } }
    var attempts: [Int] = []  // the days a hint was tried
    for t in 0..<120 {
      let tried = hint.isSet && hint.wait == 0
      if tried { attempts.append(t) }
      let x = randomDay(t)
      let keys = x.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: hint.sortedKeys(of: $0, scratch: scratch).keys, count: n)) }
      #expect(keys == x.map(KeySort.key).sorted(), "day \(t)")
    }
    // Day 0 sorts for an order, day 1 tries it; after the k-th miss, 2^k − 1 days without, one
    // day to take an order, then a try: 1, 1 + 1 + 1 + 1, … (waits capped at 31).
    var expected: [Int] = [], t = 1, misses = 0
    while t < 120 {
      expected.append(t)
      misses += 1
      t += (1 << min(misses, 5)) - 1 + 2
    }
    #expect(attempts == expected)
    // A day that follows the order resets the count.
    let smooth = (0..<n).map { Double($0) }
    smooth.withUnsafeBufferPointer { v in
      while hint.wait > 0 || !hint.isSet { _ = hint.sortedKeys(of: v, scratch: scratch) }
      _ = hint.sortedKeys(of: v, scratch: scratch)
    }
    #expect(hint.isSet && hint.misses == 0 && hint.wait == 0)
  }

  @Test("sixteen columns with hints equal sixteen columns without")
  func hintedLanes() {
    let n = 2048, lanes = SummaryAccumulator.lanes
    let values = (0..<lanes).flatMap { Self.day($0 % 5, patients: n, seed: UInt64($0)) }
    var plain = (0..<lanes).map { _ in SummaryAccumulator() }
    var hinted = (0..<lanes).map { _ in SummaryAccumulator() }
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * n)
    defer { scratch.deallocate() }
    let indices = UnsafeMutablePointer<UInt16>.allocate(capacity: 4 * n)
    defer { indices.deallocate() }
    // Three hints for sixteen columns: each is reused by columns of other seeds (a stale hint).
    let hints = UnsafeMutablePointer<SortHint>.allocate(capacity: 3)
    defer { hints.deallocate() }
    for h in 0..<3 { (hints + h).initialize(to: SortHint(order: indices + h * n, spare: indices + 3 * n, count: n)) }
    for _ in 0..<2 {
      values.withUnsafeBufferPointer { v in
        plain.withUnsafeMutableBufferPointer {
          SummaryAccumulator.add(columns: v.baseAddress!, stride: n, count: n, to: $0.baseAddress!, scratch: scratch)
        }
        hinted.withUnsafeMutableBufferPointer {
          SummaryAccumulator.add(columns: v.baseAddress!, stride: n, count: n, to: $0.baseAddress!, scratch: scratch) { hints + $0 % 3 }
        }
      }
    }
    for k in 0..<lanes {
      #expect(hinted[k].sketch.levels.map { $0.map(\.bitPattern) } == plain[k].sketch.levels.map { $0.map(\.bitPattern) }, "lane \(k)")
    }
  }
}

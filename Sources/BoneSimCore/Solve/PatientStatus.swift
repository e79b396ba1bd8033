import Foundation

/// How a patient's run ended: fine, or the first day and state at which it left the
/// physiologically possible (a non-finite state, or one outside the model's `stateBounds`).
/// A failed patient is reported, the others go on; patients never interact, so one failure
/// cannot spread.
public enum PatientStatus: Sendable, Hashable {
  case ok
  /// First output day at which `state` (a column of the model) was non-finite or outside
  /// its bounds, with the offending value.
  case failed(day: Int, state: Int, value: Double)

  public var isOK: Bool { self == .ok }
}

/// Per-patient statuses of a run, kept by `CohortSolver`.
public final class CohortStatus: @unchecked Sendable {
  public private(set) var statuses: [PatientStatus]
  /// Patients that failed, in patient order.
  public var failed: [(patient: Int, status: PatientStatus)] {
    statuses.enumerated().filter { !$0.element.isOK }.map { ($0.offset, $0.element) }
  }

  /// Guards `statuses` when workers check disjoint blocks at once (taken only for a bad value).
  let lock = NSLock()

  public init(patients: Int) { statuses = Array(repeating: .ok, count: patients) }

  /// Marks every patient of `state` whose value in some column is non-finite or outside
  /// `bounds[column]` at `day` (first failure only; default bounds: finite and ≥ 0).
  ///
  /// - Complexity: O(patients · states); a branch-free scan per column, then a look at rows
  ///   only in columns that contain a bad value. Does not allocate when every value is good.
  public func check(_ state: CohortMatrix, day: Int, bounds: [ClosedRange<Double>]? = nil) {
    check(state, day: day, bounds: bounds, blocks: 0..<state.blockCount)
  }

  /// The same for the patients of `blocks` only: workers may check disjoint ranges at once.
  public func check(_ state: CohortMatrix, day: Int, bounds: [ClosedRange<Double>]?, blocks: Range<Int>) {
    let bs = state.layout.blockSize
    for b in blocks {
      let rows = Swift.min(bs, state.patients - b * bs)
      for c in 0..<state.columns {
        let lower = bounds?[c].lowerBound ?? 0
        let upper = bounds?[c].upperBound ?? .infinity
        let col = state.column(c, block: b)
        guard !Self.allWithin(col, rows: rows, lower: lower, upper: upper) else { continue }
        lock.lock()
        defer { lock.unlock() }
        for r in 0..<rows where !(col[r] >= lower && col[r] <= upper && col[r].isFinite) {
          let p = b * bs + r
          if statuses[p].isOK { statuses[p] = .failed(day: day, state: c, value: col[r]) }
        }
      }
    }
  }

  /// Whether `values[0..<rows]` are all finite and within `[lower, upper]`.
  ///
  /// Eight lanes at a time, without branches: the least and the greatest value against the
  /// bounds, and the sum of `x − x`, which is 0 for finite values and NaN once a NaN or ±∞
  /// passes (min and max alone skip NaN). The rows past the last eight one by one.
  static func allWithin(_ values: UnsafePointer<Double>, rows: Int, lower: Double, upper: Double) -> Bool {
    var least = SIMD8<Double>(repeating: .infinity), greatest = SIMD8<Double>(repeating: -.infinity)
    var spread = SIMD8<Double>(repeating: 0)
    var r = 0
    while r &+ 8 <= rows {
      let x = SIMD8<Double>(loading: values + r)
      least = .minimum(least, x)
      greatest = .maximum(greatest, x)
      spread += x - x
      r &+= 8
    }
    var ok = spread == SIMD8<Double>(repeating: 0) && least.min() >= lower && greatest.max() <= upper
    while r < rows {
      let x = values[r]
      ok = ok && x >= lower && x <= upper && x.isFinite
      r &+= 1
    }
    return ok
  }

  /// Why `value` fails `bound`, in words ("not finite", "below its lower bound 0", "not
  /// positive" for a bound that starts at the smallest positive number).
  public static func reason(_ value: Double, _ bound: ClosedRange<Double>) -> String {
    if !value.isFinite { return "not finite" }
    if value < bound.lowerBound {
      return bound.lowerBound == .leastNonzeroMagnitude ? "not positive" : "below its lower bound \(bound.lowerBound)"
    }
    return "above its upper bound \(bound.upperBound)"
  }
}

/// How a patient's run ended: fine, or the first day and state at which it left the
/// physiologically possible (a non-finite or negative state). A failed patient is reported,
/// the others go on; patients never interact, so one failure cannot spread.
public enum PatientStatus: Sendable, Hashable {
  case ok
  /// First output day at which `state` (a column of the model) was non-finite or negative.
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

  public init(patients: Int) { statuses = Array(repeating: .ok, count: patients) }

  /// Marks every patient of `state` with a non-finite or negative state at `day` (first
  /// failure only).
  ///
  /// - Complexity: O(patients · states); a branch-free scan per column, then a look at rows
  ///   only in columns that contain a bad value.
  public func check(_ state: CohortMatrix, day: Int) {
    let bs = state.layout.blockSize
    for b in 0..<state.blockCount {
      let rows = Swift.min(bs, state.patients - b * bs)
      for c in 0..<state.columns {
        let col = state.column(c, block: b)
        var bad = false
        for r in 0..<rows { bad = bad || !(col[r] >= 0 && col[r].isFinite) }
        guard bad else { continue }
        for r in 0..<rows where !(col[r] >= 0 && col[r].isFinite) {
          let p = b * bs + r
          if statuses[p].isOK { statuses[p] = .failed(day: day, state: c, value: col[r]) }
        }
      }
    }
  }
}

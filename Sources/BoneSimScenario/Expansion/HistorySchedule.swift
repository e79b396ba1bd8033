import BoneSimCore

/// Inputs before day 0 (`Scenario.historyDays`): the control arm's day-0 time courses and the
/// patients' covariates, without doses or sessions, with clock covariates running backward.
///
/// Solver day `d` of the history is scenario day `d − days`; a clock input (years since the
/// final menstrual period) then reads its day-0 value minus `(days − d)/365.25`.
public struct HistorySchedule: InputSchedule, @unchecked Sendable {
  /// The control arm's baseline-only schedule (`ArmSchedule(…, baselineOnly: true)`).
  public let baseline: ArmSchedule
  /// Length of the history [day].
  public let days: Int

  public init(baseline: ArmSchedule, days: Int) {
    precondition(baseline.baselineOnly, "history uses the baseline-only schedule")
    precondition(days >= 0)
    self.baseline = baseline
    self.days = days
  }

  /// Only the clocks run; every other input holds its day-0 baseline.
  public var varyingColumns: [Int]? { baseline.clockColumns }

  /// - Complexity: O(inputs · blockSize) per call; does not allocate.
  public func fill(day: Int, block: Int, blockSize: Int, into inputs: UnsafeMutablePointer<Double>) {
    baseline.fill(day: 0, block: block, blockSize: blockSize, into: inputs)
    let years = Double(day - days) / UnitConversion.daysPerYear
    for c in baseline.clockColumns {
      let col = inputs + c * blockSize
      for i in 0..<blockSize { col[i] += years }
    }
  }
}

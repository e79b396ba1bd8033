/// Time grid of a run: a horizon in days, a fixed number of steps per day, and the days on
/// which the cohort is shown to an observer.
public struct TimeLoop: Sendable, Hashable {
  /// Horizon [day]; the run covers `[0, days]`.
  public let days: Int
  /// Steps per day; the step is `1 / substeps` day.
  public let substeps: Int
  /// Sorted, distinct days in `0 ... days` at which the observer is called.
  public let outputDays: [Int]

  /// - Parameters:
  ///   - days: horizon [day], ≥ 0.
  ///   - substeps: steps per day, ≥ 1 (default 1: one step per day).
  ///   - outputDays: days to observe; defaults to every day.
  public init(days: Int, substeps: Int = 1, outputDays: [Int]? = nil) {
    precondition(days >= 0, "negative horizon")
    precondition(substeps >= 1, "at least one step per day")
    self.days = days
    self.substeps = substeps
    let requested = outputDays ?? Array(0...days)
    self.outputDays = Array(Set(requested.filter { $0 >= 0 && $0 <= days })).sorted()
  }

  /// Step length [day].
  @inlinable public var stepSize: Double { 1 / Double(substeps) }

  /// Output days every `interval` days from 0, plus the last day.
  public static func every(_ interval: Int, days: Int, substeps: Int = 1) -> TimeLoop {
    precondition(interval >= 1)
    var out = Array(stride(from: 0, through: days, by: interval))
    if out.last != days { out.append(days) }
    return TimeLoop(days: days, substeps: substeps, outputDays: out)
  }
}

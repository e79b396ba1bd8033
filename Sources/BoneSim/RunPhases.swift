import Dispatch

/// Where a run's wall time went [s], per phase, summed over chunks and arms (the
/// `manifest.json` `phaseSeconds`; docs/PERFORMANCE.md uses it for the time split).
public struct RunPhases: Sendable, Codable, Equatable {
  /// Day-0 steady state of every patient (one Newton solve each).
  public var initialState = 0.0
  /// The history run-in before day 0 (the menopausal transition, an energy deficit).
  public var history = 0.0
  /// Stepping from day 0 to the horizon.
  public var stepping = 0.0
  /// Outputs at the output days (and the days dosing-interval statistics read).
  public var outputs = 0.0
  /// Non-finite and bounds screening, exposure counts.
  public var screening = 0.0
  /// Folding outputs into summaries and paired effects, and computing the rows.
  public var summaries = 0.0
  /// Formatting and writing CSV rows.
  public var writing = 0.0

  public init() {}

  /// Seconds since `start` (a `DispatchTime.now().uptimeNanoseconds`).
  @inlinable static func since(_ start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds &- start) * 1e-9
  }

  /// Runs `body`, adding its wall time to `phase`.
  @inlinable mutating func time<T>(_ phase: WritableKeyPath<RunPhases, Double>, _ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    defer { self[keyPath: phase] += Self.since(start) }
    return try body()
  }

  /// Phase name → seconds, for the manifest.
  public var dictionary: [String: Double] {
    [
      "initialState": initialState, "history": history, "stepping": stepping, "outputs": outputs,
      "screening": screening, "summaries": summaries, "writing": writing,
    ]
  }
}

import Foundation

/// Progress of a long run on standard error: at most every `interval` seconds, only once a
/// run has lasted `delay` seconds, with rate and ETA. Silent when disabled (`--quiet`).
public final class Progress: @unchecked Sendable {
  public let enabled: Bool
  let label: String
  let total: Double
  var done = 0.0
  let start = Date()
  var lastPrint: Date?
  var printed = false
  /// Seconds before the first report (short runs print nothing).
  public static let delay = 1.0
  /// Seconds between reports.
  public static let interval = 0.5

  /// - Parameter total: units of work (patient-days).
  public init(label: String, total: Double, enabled: Bool) {
    self.label = label
    self.total = total
    self.enabled = enabled
  }

  public func advance(by work: Double) {
    done += work
    // Nothing done yet means no rate and no meaningful ETA (the day-0 observation).
    guard enabled, done > 0 else { return }
    let now = Date()
    let elapsed = now.timeIntervalSince(start)
    guard elapsed >= Self.delay, lastPrint.map({ now.timeIntervalSince($0) >= Self.interval }) ?? true else { return }
    lastPrint = now
    let fraction = total > 0 ? min(done / total, 1) : 1
    let rate = done / max(elapsed, 1e-9)
    let eta = rate > 0 ? (total - done) / rate : 0
    let text = String(format: "\r%@: %5.1f%%  %.2e patient-days/s  ETA %.0f s   ", label, 100 * fraction, rate, eta)
    FileHandle.standardError.write(Data(text.utf8))
    printed = true
  }

  /// Ends an unfinished progress line (a failed or interrupted run) so the error starts on a
  /// line of its own.
  public func abandon() {
    guard enabled, printed else { return }
    FileHandle.standardError.write(Data("\n".utf8))
    printed = false
  }

  /// Ends the progress line (if one was printed).
  public func finish() {
    guard enabled, printed else { return }
    let elapsed = Date().timeIntervalSince(start)
    FileHandle.standardError.write(Data(String(format: "\r%@: done in %.1f s%@\n", label, elapsed, String(repeating: " ", count: 30)).utf8))
    printed = false
  }
}

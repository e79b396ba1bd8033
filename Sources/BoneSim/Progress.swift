import Foundation

/// Progress of a long run on standard error: at most every `interval` seconds, only once a
/// run has lasted `delay` seconds, with rate and ETA. Silent when disabled (`--quiet`).
///
/// On a terminal one line is rewritten in place (carriage returns); otherwise (a log file, a
/// pipe, a batch job's output) each report is a plain line of its own, at most every
/// `plainInterval` seconds, so logs hold no carriage returns.
public final class Progress: @unchecked Sendable {
  public let enabled: Bool
  /// Whether reports rewrite one terminal line (else plain lines).
  public let terminal: Bool
  let write: @Sendable (String) -> Void
  let label: String
  let total: Double
  var done = 0.0
  let start = Date()
  var lastPrint: Date?
  var printed = false
  let lock = NSLock()
  /// Seconds before the first report (short runs print nothing).
  public static let delay = 1.0
  /// Seconds between reports on a terminal.
  public static let interval = 0.5
  /// Seconds between plain-line reports (logs).
  public static let plainInterval = 10.0

  /// Whether standard error is a terminal.
  public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

  /// - Parameters:
  ///   - total: units of work (patient-days).
  ///   - terminal: rewrite one line in place; default: whether standard error is a terminal.
  ///   - write: where reports go (standard error).
  public init(
    label: String, total: Double, enabled: Bool, terminal: Bool = Progress.standardErrorIsTerminal,
    write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
  ) {
    self.label = label
    self.total = total
    self.enabled = enabled
    self.terminal = terminal
    self.write = write
  }

  /// Safe from several threads (a sweep's concurrent design points).
  public func advance(by work: Double) {
    lock.lock()
    defer { lock.unlock() }
    done += work
    // Nothing done yet means no rate and no meaningful ETA (the day-0 observation).
    guard enabled, done > 0 else { return }
    let now = Date()
    let elapsed = now.timeIntervalSince(start)
    let every = terminal ? Self.interval : Self.plainInterval
    guard elapsed >= Self.delay, lastPrint.map({ now.timeIntervalSince($0) >= every }) ?? true else { return }
    lastPrint = now
    let fraction = total > 0 ? min(done / total, 1) : 1
    let rate = done / max(elapsed, 1e-9)
    let eta = rate > 0 ? (total - done) / rate : 0
    let report = String(format: "%@: %5.1f%%  %.2e patient-days/s  ETA %.0f s", label, 100 * fraction, rate, eta)
    if terminal {
      write("\r" + report + "   ")
      printed = true
    } else {
      write(report + "\n")
    }
  }

  /// Ends an unfinished progress line (a failed or interrupted run) so the error starts on a
  /// line of its own.
  public func abandon() {
    guard enabled, printed else { return }
    write("\n")
    printed = false
  }

  /// Ends the progress line (if one was printed).
  public func finish() {
    let elapsed = Date().timeIntervalSince(start)
    if terminal {
      guard enabled, printed else { return }
      write(String(format: "\r%@: done in %.1f s%@\n", label, elapsed, String(repeating: " ", count: 30)))
      printed = false
    } else {
      // A plain log gets the closing line only if it got a report (short runs print nothing).
      guard enabled, lastPrint != nil else { return }
      write(String(format: "%@: done in %.1f s\n", label, elapsed))
      lastPrint = nil
    }
  }
}

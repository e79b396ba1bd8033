import BoneSimIO
import Dispatch
import Foundation

/// SIGINT (Ctrl-C) and SIGTERM (what Slurm sends at a time limit) turned into a flag a run
/// polls at its next checkpoint (a year of an arm, at most) or chunk of patients, so it can
/// stop cleanly: discard every temporary output and exit 130 / 143 with nothing written.
///
/// The signals are received by dispatch sources (not an async-signal handler), so reading the
/// flag is an ordinary locked load. A second signal of the same kind is ignored; the first
/// one's stop is already on its way.
public final class StopSignal: @unchecked Sendable {
  let lock = NSLock()
  var received: Int32 = 0
  var sources: [DispatchSourceSignal] = []
  /// Checks made so far, and the one at which the flag raises itself (fault injection).
  var checks = 0
  let raisingAtCheck: Int?

  /// A flag nobody raises (library use, tests).
  public init() { raisingAtCheck = nil }

  /// A flag that raises SIGINT by itself at its `check`-th check (1 = the first): an
  /// interrupt delivered at a known point of a run, for tests.
  public init(raisingAtCheck check: Int) { raisingAtCheck = check }

  /// Installs handlers for SIGINT and SIGTERM for the life of the process.
  public static func installed() -> StopSignal {
    let stop = StopSignal()
    for sig in [SIGINT, SIGTERM] {
      _ = Foundation.signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler { stop.raise(sig) }
      source.resume()
      stop.sources.append(source)
    }
    return stop
  }

  /// Records `signal` (first one wins).
  public func raise(_ signal: Int32) {
    lock.lock()
    if received == 0 { received = signal }
    lock.unlock()
  }

  /// How many times `check` was called (how often a run polled the flag).
  public var checksMade: Int {
    lock.lock()
    defer { lock.unlock() }
    return checks
  }

  /// The signal received so far, or 0.
  public var signal: Int32 {
    lock.lock()
    defer { lock.unlock() }
    return received
  }

  /// Throws `RunError.interrupted` if a signal arrived; `position` says where the run stopped.
  public func check(_ position: @autoclosure () -> String) throws {
    if case .signalled = FaultPoint.reached(.check) { awaitSignal() }
    lock.lock()
    checks += 1
    if checks == raisingAtCheck, received == 0 { received = SIGINT }
    let s = received
    lock.unlock()
    if s != 0 { throw RunError.interrupted(signal: s, position: position()) }
  }

  /// Waits (up to 10 s) until a signal the process sent itself has reached the handler, so a
  /// fault test's interrupt is seen at the check that sent it.
  func awaitSignal() {
    for _ in 0..<10_000 where signal == 0 { usleep(1_000) }
  }
}

import Foundation

/// A testing hook: `BONESIM_FAULT=<action>-at-<point>:<n>` makes the process fail the `n`-th
/// time (0-based) it reaches a named point, so tests kill or interrupt a run at every point
/// in turn instead of after a guessed delay (docs/OUTPUTS.md, "Testing the guarantees").
///
/// Points: `rename` (just before each rename(2) that puts an output in place: a file into its
/// folder, a staged folder into place or the previous one aside), `write` (just before each
/// write of buffered output bytes to a file), `check` (each poll for SIGINT/SIGTERM: every
/// chunk and every output day of every arm). Actions: `kill`, `int`, `term` send SIGKILL,
/// SIGINT, SIGTERM to the process itself; `enospc` (at `write` only) fails the write with
/// "No space left on device".
///
/// The variable is read once; unset, a point costs one load (no point is in a stepping loop).
public enum FaultPoint {
  public enum Name: String, Sendable, CaseIterable {
    case rename, write, check
  }

  /// What the hook did at a point.
  public enum Outcome: Sendable, Equatable {
    /// Nothing: go on.
    case proceed
    /// Sent this signal (SIGINT or SIGTERM) to the process; its handler runs asynchronously.
    case signalled(Int32)
    /// Fail the operation with this errno.
    case failure(Int32)
  }

  /// The environment variable.
  public static let variable = "BONESIM_FAULT"

  struct Fault: Equatable {
    enum Action: String, CaseIterable { case kill, int, term, enospc }
    var action: Action
    var point: Name
    var occurrence: Int
  }

  /// `<action>-at-<point>:<n>`, or the reason it is not.
  static func parse(_ text: String) -> Result<Fault, FaultSpecError> {
    let actions = Fault.Action.allCases.map(\.rawValue).joined(separator: ", ")
    let points = Name.allCases.map(\.rawValue).joined(separator: ", ")
    let wrong = FaultSpecError(
      message: "\(variable)=\(text): expected <action>-at-<point>:<n> (actions \(actions); points \(points); n = 0, 1, 2, …)")
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let n = Int(parts[1]), n >= 0, let at = parts[0].range(of: "-at-") else { return .failure(wrong) }
    guard let action = Fault.Action(rawValue: String(parts[0][..<at.lowerBound])),
      let point = Name(rawValue: String(parts[0][at.upperBound...]))
    else { return .failure(wrong) }
    if action == .enospc && point != .write {
      return .failure(FaultSpecError(message: "\(variable)=\(text): enospc applies to the write point only"))
    }
    return .success(Fault(action: action, point: point, occurrence: n))
  }

  /// The fault asked for, read once from the environment (nil when unset or malformed).
  static let configured: Result<Fault, FaultSpecError>? = ProcessInfo.processInfo.environment[variable].map(parse)

  /// Throws when `BONESIM_FAULT` is set but malformed (bonesim checks at start-up, so a typo
  /// cannot make a fault test pass without its fault).
  public static func validate() throws {
    if case .failure(let error) = configured { throw error }
  }

  /// Times the configured point has been reached.
  static let count = Counter()

  /// Called at `point`; fails there when `BONESIM_FAULT` asks for it (SIGKILL does not return).
  @discardableResult
  public static func reached(_ point: Name) -> Outcome {
    guard case .success(let fault) = configured, fault.point == point, count.next() == fault.occurrence else {
      return .proceed
    }
    switch fault.action {
    case .kill:
      kill(getpid(), SIGKILL)
      while true { pause() }
    case .int:
      kill(getpid(), SIGINT)
      return .signalled(SIGINT)
    case .term:
      kill(getpid(), SIGTERM)
      return .signalled(SIGTERM)
    case .enospc:
      return .failure(ENOSPC)
    }
  }

  /// A value of `BONESIM_FAULT` that cannot be read.
  public struct FaultSpecError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
  }

  /// A locked counter.
  final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var value = 0
    /// The count before this call.
    func next() -> Int {
      lock.lock()
      defer { lock.unlock() }
      value += 1
      return value - 1
    }
  }
}

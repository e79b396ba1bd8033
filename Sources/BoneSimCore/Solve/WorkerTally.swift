import Foundation

/// The most distinct threads that ran one step of a solve together (`WorkerThreads.perform`),
/// so a run can report that `.threads(n)` really used n threads (manifest `workerThreads`).
public final class WorkerTally: @unchecked Sendable {
  let lock = NSLock()
  var highest = 0

  public init() {}

  /// Records one step that ran on `threads` distinct threads.
  public func record(_ threads: Int) {
    lock.lock()
    highest = Swift.max(highest, threads)
    lock.unlock()
  }

  /// The most threads of any recorded step; 0 before the first.
  public var most: Int {
    lock.lock()
    defer { lock.unlock() }
    return highest
  }
}

import BoneSimCore
import Foundation

/// Inputs that remember which threads asked for them, day by day: the threads that stepped
/// a solve, measured from outside the solver.
///
/// Counted per day, not over the whole solve: each segment of a solve is one
/// `WorkerThreads.perform`, whose helpers come from a pool that other solves (the tests
/// running beside this one) draw from too, so two segments may get different helpers.
final class ThreadRecordingInputs<Inner: InputSchedule>: InputSchedule, @unchecked Sendable {
  let inner: Inner
  private let lock = NSLock()
  private var threadsByDay: [Int: Set<UInt>] = [:]

  init(_ inner: Inner) { self.inner = inner }

  func fill(day: Int, block: Int, blockSize: Int, into inputs: UnsafeMutablePointer<Double>) {
    let me = UInt(pthread_self())
    lock.lock()
    threadsByDay[day, default: []].insert(me)
    lock.unlock()
    inner.fill(day: day, block: block, blockSize: blockSize, into: inputs)
  }

  /// Distinct threads that asked for each day's inputs, from the fewest to the most over the
  /// days asked for ((0, 0) before any).
  var threadsPerDay: (fewest: Int, most: Int) {
    lock.lock()
    defer { lock.unlock() }
    let counts = threadsByDay.values.map(\.count)
    return (counts.min() ?? 0, counts.max() ?? 0)
  }
}

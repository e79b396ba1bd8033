import BoneSimCore
import Foundation

/// Inputs that remember which threads asked for them: the threads that stepped a solve,
/// measured from outside the solver.
final class ThreadRecordingInputs<Inner: InputSchedule>: InputSchedule, @unchecked Sendable {
  let inner: Inner
  private let lock = NSLock()
  private var threads = Set<UInt>()

  init(_ inner: Inner) { self.inner = inner }

  func fill(day: Int, block: Int, blockSize: Int, into inputs: UnsafeMutablePointer<Double>) {
    let me = UInt(pthread_self())
    lock.lock()
    threads.insert(me)
    lock.unlock()
    inner.fill(day: day, block: block, blockSize: blockSize, into: inputs)
  }

  /// Distinct threads seen so far.
  var threadCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return threads.count
  }
}

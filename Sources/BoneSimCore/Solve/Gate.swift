import Foundation

/// A counting semaphore on a pthread mutex and condition variable (NSCondition), for
/// WorkerThreads' hand-offs.
///
/// DispatchSemaphore would do the same, but on Linux it waits on futexes that
/// ThreadSanitizer does not see, so TSan reported the hand-off between a helper's iteration
/// and the caller's next one as a data race; mutex and condition variable are intercepted, so
/// the happens-before edge is visible (tools/ci/sanitizers.sh).
final class Gate: @unchecked Sendable {
  let condition = NSCondition()
  /// Signals not yet consumed by `wait` (guarded by `condition`).
  var count = 0

  func signal() {
    condition.lock()
    count += 1
    condition.signal()
    condition.unlock()
  }

  func wait() {
    condition.lock()
    while count == 0 { condition.wait() }
    count -= 1
    condition.unlock()
  }
}

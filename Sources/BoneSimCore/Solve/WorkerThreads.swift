import Foundation

/// Runs `body(0)` … `body(n − 1)` at once on n distinct threads (the caller and n − 1 helper
/// threads) and returns when all are done: `Execution.threads(n)` means n threads whatever
/// else the process is doing.
///
/// `DispatchQueue.concurrentPerform` does not promise that: when libdispatch's pool is busy
/// (Swift Testing's tasks in a parallel `swift test`) it runs every iteration on the caller.
/// Helpers are started on first use, parked between calls and reused; a call takes helpers
/// no other call is using, so nested and concurrent calls never wait for each other.
public enum WorkerThreads {
  /// Runs the iterations; returns how many distinct threads ran them (n unless the system
  /// refused to start a thread, in which case the caller runs that helper's iterations).
  @discardableResult
  public static func perform(_ n: Int, _ body: (Int) -> Void) -> Int {
    guard n > 1 else {
      if n == 1 { body(0) }
      return Swift.min(n, 1)
    }
    return withoutActuallyEscaping(body) { body in
      let shared = Iterations(body, count: n)
      let helpers = take(n - 1)
      for (k, helper) in helpers.enumerated() { helper.start(shared, iteration: k + 1) }
      shared.run(0)
      for k in (helpers.count + 1)..<n { shared.run(k) }
      for _ in helpers { shared.done.wait() }
      give(helpers)
      return Set(shared.threads).count
    }
  }

  /// The iterations of one call, and which thread ran each.
  final class Iterations: @unchecked Sendable {
    let body: (Int) -> Void
    /// `threads[k]`: the thread that ran iteration k (each slot written by its own thread,
    /// read after `done`).
    let threads: UnsafeMutableBufferPointer<pthread_t>
    let done = Gate()
    init(_ body: @escaping (Int) -> Void, count: Int) {
      self.body = body
      threads = .allocate(capacity: count)
      threads.initialize(repeating: pthread_self())
    }
    deinit { threads.deallocate() }
    func run(_ k: Int) {
      body(k)
      threads[k] = pthread_self()
    }
  }

  /// A parked thread that runs one iteration each time it is started.
  final class Helper: @unchecked Sendable {
    let wake = Gate()
    /// Set before `wake` is signalled, cleared by the helper before it signals `done`.
    var job: (iterations: Iterations, k: Int)?

    func start(_ iterations: Iterations, iteration k: Int) {
      job = (iterations, k)
      wake.signal()
    }

    func loop() -> Never {
      while true {
        wake.wait()
        // The job's references end inside `runJob`, before the caller (which may return at
        // once, ending its body's life) is told.
        runJob()?.signal()
      }
    }

    /// Runs the job; returns the gate that tells the caller.
    func runJob() -> Gate? {
      guard let (iterations, k) = job else { return nil }
      job = nil
      iterations.run(k)
      return iterations.done
    }
  }

  static let lock = NSLock()
  nonisolated(unsafe) static var idle: [Helper] = []

  /// `count` helpers no one else is using, started as needed (fewer if the system refuses a thread).
  static func take(_ count: Int) -> [Helper] {
    lock.lock()
    var helpers = Array(idle.suffix(count))
    idle.removeLast(helpers.count)
    lock.unlock()
    while helpers.count < count, let helper = spawn() { helpers.append(helper) }
    return helpers
  }

  static func give(_ helpers: [Helper]) {
    lock.lock()
    idle += helpers
    lock.unlock()
  }

  /// A new helper on a detached thread, or nil if the system refuses one.
  static func spawn() -> Helper? {
    let helper = Helper()
    let context = Unmanaged.passRetained(helper).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, nil,
      { context in
        let helper = Unmanaged<Helper>.fromOpaque(context!).takeRetainedValue()
        helper.loop()
      }, context)
    guard status == 0 else {
      Unmanaged<Helper>.fromOpaque(context).release()
      return nil
    }
    pthread_detach(thread)
    return helper
  }
}

import BoneSimCore
import BoneSimPhysiology
import Foundation
import Testing

/// The threaded runs of DeterminismTests are what ThreadSanitizer (tools/ci/sanitizers.sh)
/// checks for races; this makes sure they really run on more than one thread.
///
/// Only when BONESIM_EXPECT_WORKER_THREADS=1 (set by tools/ci/sanitizers.sh, which runs the
/// suite with --no-parallel): in a parallel test run on Linux, Swift Testing's tasks occupy
/// libdispatch's worker pool, and `DispatchQueue.concurrentPerform` then runs every iteration
/// on the calling thread (measured: 1 thread in the parallel release run, 2 with --no-parallel).
@Suite(
  "Threaded cohort solves use several worker threads",
  .enabled(if: ProcessInfo.processInfo.environment["BONESIM_EXPECT_WORKER_THREADS"] == "1"))
struct WorkerThreadTests {
  /// Inputs that remember which threads asked for them.
  final class ThreadRecordingInputs: InputSchedule, @unchecked Sendable {
    let inner: WindowedInputs
    private let lock = NSLock()
    private var threads = Set<UInt>()

    init(_ inner: WindowedInputs) { self.inner = inner }

    func fill(day: Int, block: Int, blockSize: Int, into inputs: UnsafeMutablePointer<Double>) {
      let me = UInt(pthread_self())
      lock.lock()
      threads.insert(me)
      lock.unlock()
      inner.fill(day: day, block: block, blockSize: blockSize, into: inputs)
    }

    var threadCount: Int {
      lock.lock()
      defer { lock.unlock() }
      return threads.count
    }
  }

  @Test("threads(2) over 1 000 patients fills inputs from at least two threads")
  func twoThreads() throws {
    let model = try Scheiner2013()
    let patients = 1_000
    let x0 = perturbedCohort(steadyState: model.steadyState, extraStates: [5, 95], patients: patients, seed: 11)
    let inputs = ThreadRecordingInputs(
      WindowedInputs(
        patients: patients, baseline: model.habitualInputs,
        windows: [InputWindow(column: Scheiner2013.axialStressInput, days: 20..<1000, value: -25)]))
    let problem = CohortProblem(model: model, initialState: x0, inputs: inputs)
    // Twelve segments, each one DispatchQueue.concurrentPerform over 2 workers.
    _ = CohortSolver(stepper: SplitImplicitEuler(), loop: .every(10, days: 120), execution: .threads(2)).solve(problem) { _, _ in }
    #expect(inputs.threadCount >= 2, "all blocks were stepped on one thread")
  }
}

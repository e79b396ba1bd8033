import BoneSimCore
import BoneSimPhysiology
import Foundation
import Testing

/// `.threads(n)` runs on n distinct threads (WorkerThreads), whatever else the process is
/// doing: the threaded runs of DeterminismTests compare n threads with one, and are what
/// ThreadSanitizer (tools/ci/sanitizers.sh) checks for races.
///
/// `DispatchQueue.concurrentPerform`, used before, ran every iteration on the calling thread
/// when libdispatch's pool was busy (Swift Testing's tasks in a parallel `swift test`, or an
/// enclosing concurrentPerform), so these tests ran only with --no-parallel.
@Suite("Threaded cohort solves use as many worker threads as asked")
struct WorkerThreadTests {
  /// `WorkerThreads.perform(n)`: what it returned, the distinct threads its body ran on, and
  /// the iterations run, sorted.
  static func perform(_ n: Int) -> (returned: Int, seen: Int, iterations: [Int]) {
    let lock = NSLock()
    var threads = Set<UInt>(), iterations: [Int] = []
    let returned = WorkerThreads.perform(n) { k in
      let me = UInt(pthread_self())
      lock.lock()
      threads.insert(me)
      iterations.append(k)
      lock.unlock()
    }
    return (returned, threads.count, iterations.sorted())
  }

  @Test("perform(n) runs each iteration once, on n distinct threads, and says so", arguments: 1...4)
  func distinctThreads(n: Int) {
    let r = Self.perform(n)
    #expect(r.iterations == Array(0..<n))
    #expect(r.seen == n && r.returned == n, "\(r)")
  }

  @Test("inside a concurrentPerform that fills libdispatch's pool, perform(2) still runs on two threads")
  func busyPool() {
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var all: [(returned: Int, seen: Int, iterations: [Int])] = []
    }
    let shared = Results()
    // A nested concurrentPerform here would run on its caller alone.
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      let r = Self.perform(2)
      shared.lock.lock()
      shared.all.append(r)
      shared.lock.unlock()
    }
    let results = shared.all
    #expect(results.count == 8)
    #expect(results.allSatisfy { $0.returned == 2 && $0.seen == 2 && $0.iterations == [0, 1] }, "\(results)")
  }

  @Test("threads(2) over 1 000 patients fills each day's inputs from exactly two threads")
  func twoThreads() throws {
    let model = try Scheiner2013()
    let patients = 1_000
    let x0 = perturbedCohort(steadyState: model.steadyState, extraStates: [5, 95], patients: patients, seed: 11)
    let inputs = ThreadRecordingInputs(
      WindowedInputs(
        patients: patients, baseline: model.habitualInputs,
        windows: [InputWindow(column: Scheiner2013.axialStressInput, days: 20..<1000, value: -25)]))
    let problem = CohortProblem(model: model, initialState: x0, inputs: inputs)
    // Twelve segments, each one WorkerThreads.perform over 2 workers.
    var solver = CohortSolver(stepper: SplitImplicitEuler(), loop: .every(10, days: 120), execution: .threads(2))
    let tally = WorkerTally()
    solver.workerTally = tally
    _ = solver.solve(problem) { _, _ in }
    #expect(inputs.threadsPerDay == (2, 2), "stepped each day on \(inputs.threadsPerDay) threads")
    #expect(tally.most == 2, "the solver says \(tally.most)")
  }
}

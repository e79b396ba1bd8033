@testable import BoneSim
import BoneSimCore
import BoneSimPhysiology
import Foundation
import Testing

@Suite("Block observers: the solver shows each block at each output day, without barriers")
struct BlockObserverTests {
  /// Copies of blocks keyed by (day, block), from any thread.
  final class Recorder: @unchecked Sendable {
    let lock = NSLock()
    var blocks: [[Int]: [UInt64]] = [:]
    var calls = 0
    var workers: Set<Int> = []
    func record(day: Int, block: Int, worker: Int, _ values: UnsafeMutablePointer<Double>, count: Int) {
      let bytes = (0..<count).map { values[$0].bitPattern }
      lock.lock()
      defer { lock.unlock() }
      calls += 1
      workers.insert(worker)
      blocks[[day, block]] = bytes
    }
  }

  /// The Scheiner disuse cohort of DeterminismTests, 1,000 patients in 4 blocks.
  func problem() throws -> CohortProblem<Scheiner2013, WindowedInputs> {
    let model = try Scheiner2013()
    let x0 = perturbedCohort(steadyState: model.steadyState, extraStates: [5, 95], patients: 1_000, seed: 11)
    let inputs = WindowedInputs(
      patients: 1_000, baseline: model.habitualInputs,
      windows: [InputWindow(column: Scheiner2013.axialStressInput, days: 20..<1000, value: -25)])
    return CohortProblem(model: model, initialState: x0, inputs: inputs)
  }

  @Test("every block at every output day, once, equals the cohort the calling thread sees there", arguments: [1, 2, 3])
  func sameStates(threads: Int) throws {
    let problem = try problem()
    let loop = TimeLoop.every(7, days: 100)
    let stride = problem.layout.blockStride
    var expected: [[Int]: [UInt64]] = [:]
    _ = CohortSolver(stepper: SplitImplicitEuler(), loop: loop).solve(problem) { day, state in
      for b in 0..<state.blockCount {
        expected[[day, b]] = (0..<stride).map { state.block(b)[$0].bitPattern }
      }
    }
    let recorder = Recorder()
    var checkpoints: [Int] = []
    let solver = CohortSolver(stepper: SplitImplicitEuler(), loop: loop, execution: threads == 1 ? .serial : .threads(threads))
    let end = solver.solve(
      problem, checkpoints: [30, 60, 100],
      observeBlock: { day, block, worker, state in recorder.record(day: day, block: block, worker: worker, state.block(block), count: stride) },
      checkpoint: { day, _ in checkpoints.append(day) })
    #expect(checkpoints == [30, 60, 100])
    #expect(recorder.calls == loop.outputDays.count * problem.initialState.blockCount, "a (day, block) came twice or not at all")
    let differing = expected.keys.filter { recorder.blocks[$0] != expected[$0] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
    #expect(differing.isEmpty && recorder.blocks.count == expected.count, "(day, block) that differ: \(differing.prefix(5))")
    #expect(recorder.workers == Set(0..<threads))
    let last = (0..<end.blockCount).map { b in (0..<stride).map { end.block(b)[$0].bitPattern } }
    #expect(last == (0..<end.blockCount).map { expected[[100, $0]]! })
  }

  @Test("reference cohort means: the same bits for any thread count and checkpoint spacing, and equal to a whole-cohort sum")
  func referenceMeans() throws {
    let long = try ReferenceRun(model: .scheiner2013, loadCase: 1, days: 130, stepper: .splitEuler, substeps: 1, patients: 1_000)
    let rows = try long.trajectory()
    #expect(rows.count == 131 && rows.map { Int($0[0]) } == Array(0...130))
    // 130 days are summed at checkpoints 64, 128, 130; 40 days at 40 only.
    let short = try ReferenceRun(model: .scheiner2013, loadCase: 1, days: 40, stepper: .splitEuler, substeps: 1, patients: 1_000)
    #expect(try short.trajectory() == Array(rows[0...40]))
    for threads in [2, 3] {
      let threaded = try ReferenceRun(
        model: .scheiner2013, loadCase: 1, days: 130, stepper: .splitEuler, substeps: 1, patients: 1_000,
        execution: .threads(threads))
      #expect(try threaded.trajectory() == rows, "\(threads) threads")
    }
    // Independently: the same cohort (ReferenceRun's doc comment) solved with a
    // calling-thread observer and summed over the whole cohort.
    let model = try Scheiner2013()
    let x0 = CohortMatrix(patients: 1_000, columns: 5, blockSize: BlockLayout.defaultBlockSize)
    for p in 0..<1_000 {
      let random = PatientRandom(seed: 1, patient: p, stream: 0)
      for (s, v) in model.initialState.enumerated() { x0[p, s] = p > 0 && s < 3 ? v * exp(0.1 * random.normal(UInt32(s))) : v }
    }
    let inputs = WindowedInputs(
      patients: 1_000, baseline: model.habitualInputs, windows: ReferenceModel.scheiner2013.windows(loadCase: 1))
    var means: [[Double]] = []
    _ = CohortSolver(stepper: SplitImplicitEuler(), loop: TimeLoop(days: 130)).solve(
      CohortProblem(model: model, initialState: x0, inputs: inputs)
    ) { day, state in
      means.append([Double(day)] + (0..<5).map { state.columnSum($0) / 1_000 })
    }
    var worst = 0.0
    for (a, b) in zip(rows.joined(), means.joined()) where a != b { worst = max(worst, abs(a - b) / abs(b)) }
    #expect(worst <= 1e-14, "largest relative difference \(worst)")
  }

  @Test("checkpoint slots: within a segment every observed day has its own slot")
  func slots() {
    for interval in 1...6 {
      for k in 0..<4 {
        let days = (k == 0 ? [0] : []) + Array((k * interval + 1)...((k + 1) * interval))
        let slots = days.map { ReferenceRun.slot(day: $0, interval: interval) }
        #expect(Set(slots).count == days.count && slots.allSatisfy { (0...interval).contains($0) }, "interval \(interval), segment \(k)")
      }
    }
  }
}

import Dispatch

/// Steps every patient of a cohort through a time loop, block by block, on one or more
/// threads (`WorkerThreads`: `.threads(n)` runs on n distinct threads), stopping at output
/// days for an observer.
///
/// Blocks are split into contiguous ranges once per run; between two output days each
/// worker advances its own blocks through all the days of the segment (a block stays in
/// cache for the whole segment), then the workers meet and the observer reads the cohort on
/// the calling thread. A patient's arithmetic depends only on its own state and inputs, so
/// the result is bit-identical for any `Execution`.
public struct CohortSolver<S: Stepper>: Sendable {
  public var stepper: S
  public var loop: TimeLoop
  public var execution: Execution
  /// Where each segment's count of distinct worker threads is recorded (nil: nowhere).
  public var workerTally: WorkerTally?

  public init(stepper: S, loop: TimeLoop, execution: Execution = .serial) {
    self.stepper = stepper
    self.loop = loop
    self.execution = execution
  }

  /// Solves `problem`, calling `observe(day, state)` at every output day (in increasing
  /// order, on the calling thread). Returns the state at the horizon.
  ///
  /// - Complexity: O(patients · days · substeps); allocates only before the time loop.
  @inlinable
  public func solve<M: CohortModel, I: InputSchedule>(
    _ problem: CohortProblem<M, I>,
    observe: (Int, CohortMatrix) throws -> Void
  ) rethrows -> CohortMatrix {
    let model = problem.model
    let layout = problem.layout
    let state = CohortMatrix(
      patients: problem.patients, columns: model.stateCount, blockSize: layout.blockSize)
    state.storage.pointer.update(from: problem.initialState.storage.pointer, count: state.storage.count)
    state.replicatePadding()

    let blocks = state.blockCount
    let workers = execution.workers(blocks: blocks)
    let linear = model.linearPart.map { ExactLinearStep($0, step: loop.stepSize) }
    let linearScratch = linear?.scratchCount(blockSize: layout.blockSize) ?? 0
    let scratchPerWorker =
      (S.scratchBlocks * model.stateCount + Swift.max(model.inputCount, 1)) * layout.blockSize
      + linearScratch
    let scratch = (0..<workers).map { _ in AlignedBuffer(count: scratchPerWorker) }
    let h = loop.stepSize
    let substeps = loop.substeps
    let stepper = self.stepper
    let inputs = problem.inputs

    var day = 0
    var outputs = loop.outputDays[...]
    if outputs.first == 0 {
      try observe(0, state)
      outputs = outputs.dropFirst()
    }
    var targets = Array(outputs)
    if targets.last != loop.days { targets.append(loop.days) }
    let observed = Set(loop.outputDays)

    for target in targets where target > day {
      let from = day
      let advance: @Sendable (Int) -> Void = { worker in
        let first = worker * blocks / workers
        let last = (worker + 1) * blocks / workers
        let work = scratch[worker].pointer
        let input = work + S.scratchBlocks * model.stateCount * layout.blockSize
        let linearWork = input + Swift.max(model.inputCount, 1) * layout.blockSize
        for block in first..<last {
          let u = state.block(block)
          for d in from..<target {
            if d == from {
              inputs.fill(day: d, block: block, blockSize: layout.blockSize, into: input)
            } else {
              inputs.advance(to: d, block: block, blockSize: layout.blockSize, inputs: input)
            }
            for _ in 0..<substeps {
              linear?.apply(state: u, inputs: input, blockSize: layout.blockSize, scratch: linearWork)
              stepper.step(
                model, state: u, inputs: input, blockSize: layout.blockSize, h: h, scratch: work)
            }
          }
        }
      }
      let threads = WorkerThreads.perform(workers, advance)
      workerTally?.record(threads)
      day = target
      if observed.contains(day) { try observe(day, state) }
    }
    return state
  }

  /// Solves `problem` and returns the state at the horizon.
  @inlinable
  public func solve<M: CohortModel, I: InputSchedule>(_ problem: CohortProblem<M, I>) -> CohortMatrix {
    solve(problem) { _, _ in }
  }
}

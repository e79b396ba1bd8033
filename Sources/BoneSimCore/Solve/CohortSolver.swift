import Dispatch

/// Steps every patient of a cohort through a time loop, block by block, on one or more
/// threads (`WorkerThreads`: `.threads(n)` runs on n distinct threads), showing the cohort to
/// observers at output days.
///
/// Between two checkpoints the workers claim blocks one at a time (`BlockQueue`) and advance
/// each through all the days of the segment (a block stays in cache for the whole segment),
/// showing each block to a block observer as it reaches an output day;
/// at a checkpoint the workers meet and the calling thread reads the whole cohort
/// (`solve(_:observe:)` makes every output day a checkpoint). A patient's arithmetic depends
/// only on its own state and inputs, so the result is bit-identical for any `Execution`. A
/// model's prepared columns (`PreparedInputs.swift`) are refreshed when a block's inputs are
/// filled and kept up to date on the days between.
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
    try solve(problem, checkpoints: loop.outputDays, observeBlock: nil, checkpoint: observe)
  }

  /// Solves `problem`; each worker shows its blocks to `observeBlock(day, block, worker,
  /// state)` at every output day, and the calling thread sees the whole cohort at
  /// `checkpoints` only. Returns the state at the horizon.
  ///
  /// Workers meet only at checkpoints, so an observer that needs a block alone (a sum over
  /// its patients, its outputs) lets every block run from one checkpoint to the next while
  /// it stays in cache, with no barrier and no refill of its inputs at each output day.
  ///
  /// - Parameters:
  ///   - checkpoints: days in `0 ... loop.days` at which `checkpoint(day, state)` runs on the
  ///     calling thread, once every block has reached the day (day 0: before any step).
  ///   - observeBlock: called on the thread that steps `block`, with the index of that
  ///     worker (`0 ..< execution.workers(blocks:)`) and the cohort's state, when the block
  ///     reaches an output day (day 0: before any step). It may read that block only: the
  ///     others are being stepped at the same time. Each (day, block) comes once, days in
  ///     increasing order for each block.
  /// - Complexity: O(patients · days · substeps); allocates only before the time loop.
  @inlinable
  public func solve<M: CohortModel, I: InputSchedule>(
    _ problem: CohortProblem<M, I>, checkpoints: [Int],
    observeBlock: ((_ day: Int, _ block: Int, _ worker: Int, _ state: CohortMatrix) -> Void)?,
    checkpoint: (Int, CohortMatrix) throws -> Void
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
    // Per worker: the stepper's blocks, one input block with the model's prepared columns
    // after the inputs, the prepared columns' sources as last prepared, the linear part's.
    let inputColumns = Swift.max(model.inputCount + model.preparedCount, 1)
    let sourceColumns = model.preparedCount > 0 ? model.preparedSources.count : 0
    let prepared = sourceColumns > 0
    // Between days, only a schedule that may change a prepared source needs the comparison.
    let sourcesVary = prepared && (problem.inputs.varyingColumns.map { !Set($0).isDisjoint(with: model.preparedSources) } ?? true)
    let scratchPerWorker =
      (S.scratchBlocks * model.stateCount + inputColumns + sourceColumns) * layout.blockSize
      + linearScratch
    let scratch = (0..<workers).map { _ in AlignedBuffer(count: scratchPerWorker) }
    let h = loop.stepSize
    let substeps = loop.substeps
    let stepper = self.stepper
    let inputs = problem.inputs
    var observedDay = [Bool](repeating: false, count: loop.days + 1)
    if observeBlock != nil { for d in loop.outputDays { observedDay[d] = true } }

    var day = 0
    var stops = Set(checkpoints.filter { (0...loop.days).contains($0) })
    if stops.remove(0) != nil { try checkpoint(0, state) }
    let targets = Array(stops.union([loop.days])).sorted()

    try observedDay.withUnsafeBufferPointer { observed in
      for target in targets where target > day {
        let from = day
        let queue = BlockQueue(count: blocks, handedOut: workers)
        let advance: (Int) -> Void = { worker in
          let work = scratch[worker].pointer
          let input = work + S.scratchBlocks * model.stateCount * layout.blockSize
          let sources = input + inputColumns * layout.blockSize
          let linearWork = sources + sourceColumns * layout.blockSize
          // Worker w starts with block w (workers ≤ blocks unless there are none), then claims
          // the rest as it goes.
          var next: Int? = worker < blocks ? worker : nil
          while let block = next {
            let u = state.block(block)
            if from == 0 && observed[0] { observeBlock?(0, block, worker, state) }
            for d in from..<target {
              if d == from {
                inputs.fill(day: d, block: block, blockSize: layout.blockSize, into: input)
              } else {
                inputs.advance(to: d, block: block, blockSize: layout.blockSize, inputs: input)
              }
              if prepared && (d == from || sourcesVary) {
                model.prepareBlock(inputs: input, sources: sources, blockSize: layout.blockSize, refresh: d == from)
              }
              for _ in 0..<substeps {
                linear?.apply(state: u, inputs: input, blockSize: layout.blockSize, scratch: linearWork)
                stepper.step(
                  model, state: u, inputs: input, prepared: prepared, blockSize: layout.blockSize, h: h,
                  scratch: work)
              }
              if observed[d + 1] { observeBlock?(d + 1, block, worker, state) }
            }
            next = queue.claim()
          }
        }
        let threads = WorkerThreads.perform(workers, advance)
        workerTally?.record(threads)
        day = target
        if stops.contains(day) { try checkpoint(day, state) }
      }
    }
    return state
  }

  /// Solves `problem` and returns the state at the horizon.
  @inlinable
  public func solve<M: CohortModel, I: InputSchedule>(_ problem: CohortProblem<M, I>) -> CohortMatrix {
    solve(problem) { _, _ in }
  }
}

import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Dispatch
import Foundation

/// What a run saw besides its rows.
public struct RunStatistics: Sendable {
  /// Patient × arm × day outputs that were not finite (excluded from statistics).
  public var nonFiniteValues = 0
  /// A few (arm, patient, day) with non-finite outputs, for the message.
  public var nonFiniteExamples: [String] = []
  public var patientDays = 0.0
  /// Patients flagged in some arm (non-finite or out-of-bounds state or output), in patient
  /// order then arm order: one record per failing arm, with the first day it failed.
  public var failedPatients: [FailedPatient] = []
  /// Distinct flagged patients (a paired patient failing in two arms counts once).
  public var failedPatientCount = 0
  /// Per exposure limit (`ExposureLimits.columns` order) and arm: patients above the limit at
  /// some output day, and the highest finite value.
  public var exposureAbove: [[Int]] = []
  public var exposureHighest: [[Double?]] = []
  /// Wall time per phase.
  public var phases = RunPhases()
  /// The most distinct threads that stepped the cohort together (one segment between output
  /// days): the threads asked for, unless every chunk has fewer blocks; 1 when serial.
  public var workerThreads = 1
}

/// One scenario run on a model: every arm on the same virtual patients, streamed into
/// summaries, paired effects and (optionally) per-patient rows.
///
/// Patients are processed in chunks of `chunkSize` (fixed, independent of threads); within a
/// chunk every arm is solved with `CohortSolver` (threads split blocks) and its outputs kept
/// for the chunk's output days only, then folded into the accumulators in patient order.
/// Memory is O(chunkSize · arms · output days · outputs) for the chunk plus the accumulators,
/// whatever the number of patients; results are byte-identical for any number of threads.
public struct ScenarioRun<Model: ScenarioModel, S: Stepper> {
  public let plan: ScenarioPlan
  /// One model per arm (parameter overrides applied).
  public let models: [Model]
  /// `--parameter-uncertainty`: the ensemble, and per member one model per arm (the member's
  /// values, then the scenario's and arm's overrides, which win).
  public let ensemble: ParameterEnsemble?
  let memberModels: [[Model]]
  public let stepper: S
  public let substepsPerDay: Int
  /// Dosing-interval statistics of the model's hormone outputs, written only when selected;
  /// output `model.outputs.count + k` is `intervalStatistics[k]`.
  public let intervalStatistics: [DosingIntervalStatistic]
  /// T- and Z-scores of the model's BMD outputs, written only when selected; output
  /// `model.outputs.count + intervalStatistics.count + k` is `scores[k]`.
  public let scores: [BMDScore]
  /// Indices into `outputs` of the outputs written (the scenario's `outputs:`; every model
  /// output, no interval statistic or score, by default).
  public let selectedOutputs: [Int]

  /// Patients per chunk: a multiple of the block size.
  public static var chunkSize: Int { 2048 }

  /// Patients per block: the default, or with a parameter ensemble (whose chunks hold one
  /// member's patients, about `patients / members`) the power of two from 16 that gives each
  /// member about two blocks, so little of a block is padding and two workers share a chunk.
  /// Depends only on the cohort and the ensemble, never on threads.
  static func blockSize(patients: Int, members: Int) -> Int {
    guard members > 1 else { return BlockLayout.defaultBlockSize }
    let perMember = (patients + members - 1) / members
    var size = 16
    while size < BlockLayout.defaultBlockSize && 2 * size < perMember { size *= 2 }
    return size
  }

  /// CSV text formatted before it is handed to its file [bytes].
  public static var rowPiece: Int { 1 << 20 }

  /// Binds `scenario` to `model` (every input error thrown as a `ScenarioError`).
  public init(scenario: Scenario, model: Model, stepper: S, substepsPerDay: Int, ensemble: ParameterEnsemble? = nil) throws {
    let plan = try ScenarioPlan(scenario, inputs: model.inputs, parameters: model.parameters)
    func armModels(_ base: [String: Double]) throws -> [Model] {
      try scenario.arms.enumerated().map { a, arm in
        do {
          let overrides = base.merging(plan.parameterOverrides(arm: a)) { _, scenario in scenario }
          return try model.with(parameters: model.parameters.overriding(overrides))
        } catch {
          throw RunError.parameters(arm: arm.name, reason: "\(error)")
        }
      }
    }
    let models = try armModels([:])
    self.ensemble = ensemble
    self.memberModels = try ensemble.map { e in try (0..<e.count).map { try armModels(e.overrides(member: $0)) } } ?? []
    let intervalStatistics = DosingIntervalStatistic.all(for: model.outputs, scenario: scenario)
    self.intervalStatistics = intervalStatistics
    let scores = BMDScore.all(
      for: model.outputs, cohort: scenario.cohort, hasAge: model.inputs.contains { $0.name == BMDScore.ageInput })
    self.scores = scores
    let selectedOutputs = try OutputSelection.indices(
      scenario.outputs, in: model.outputs + intervalStatistics.map(\.output) + scores.map(\.output), defaults: model.outputs.count)
    self.selectedOutputs = selectedOutputs
    try BMDScore.checkReferences(
      selected: selectedOutputs.compactMap { $0 >= model.outputs.count + intervalStatistics.count ? scores[$0 - model.outputs.count - intervalStatistics.count] : nil },
      selection: scenario.outputs)
    self.plan = plan
    self.models = models
    self.stepper = stepper
    self.substepsPerDay = substepsPerDay
  }

  public var scenario: Scenario { plan.scenario }

  /// The model's outputs, then the dosing-interval statistics, then the scores.
  public var outputs: [ModelOutput] { models[0].outputs + intervalStatistics.map(\.output) + scores.map(\.output) }

  /// The interval statistics this run writes.
  public var selectedIntervalStatistics: [DosingIntervalStatistic] {
    let n = models[0].outputs.count
    return selectedOutputs.filter { $0 >= n && $0 < n + intervalStatistics.count }.map { intervalStatistics[$0 - n] }
  }

  /// The T- and Z-scores this run writes.
  public var selectedScores: [BMDScore] {
    let n = models[0].outputs.count + intervalStatistics.count
    return selectedOutputs.filter { $0 >= n }.map { scores[$0 - n] }
  }

  /// The manifest's `scoreReferences` (nil when no score is written).
  public var scoreReferenceRecords: [String: String]? {
    let scores = selectedScores
    guard !scores.isEmpty else { return nil }
    return Dictionary(uniqueKeysWithValues: scores.map { ("\($0.output.variable).\($0.output.site.rawValue)", $0.referenceDescription) })
  }

  /// The manifest's `exposureFlags` from a run's statistics (one per limit the model has).
  public func exposureFlags(_ stats: RunStatistics) -> [ExposureFlag] {
    let outputs = models[0].outputs
    return ExposureLimits.columns(ExposureLimits.women, in: outputs).enumerated().map { k, e in
      ExposureFlag(
        output: "\(outputs[e.output].variable).\(outputs[e.output].site.rawValue)", label: e.limit.label, unit: e.limit.unit,
        upper: e.limit.upper, source: e.limit.source,
        arms: plan.arms.indices.map {
          ExposureFlag.ArmCount(
            arm: plan.arms[$0].name, patientsAbove: k < stats.exposureAbove.count ? stats.exposureAbove[k][$0] : 0,
            patients: plan.cohort.patients, highest: k < stats.exposureHighest.count ? stats.exposureHighest[k][$0] : nil)
        })
    }
  }

  /// The manifest's `intervalStatistics` (nil when none is written).
  public var intervalStatisticRecords: [IntervalStatisticRecord]? {
    let records = selectedIntervalStatistics.map {
      IntervalStatisticRecord(output: "\($0.output.variable).\($0.output.site.rawValue)", unit: $0.output.unit, windowDays: $0.windowDays)
    }
    return records.isEmpty ? nil : records
  }

  /// Virtual patients simulated: the cohort once when arms are paired, else once per arm
  /// (the denominator of `--max-failed-fraction`).
  public var population: Int { plan.cohort.patients * (plan.cohort.paired ? 1 : plan.arms.count) }

  /// Patient-days of work (for progress).
  public var work: Double { Double(plan.cohort.patients) * Double(plan.arms.count) * Double(plan.horizonDays) }

  /// Memory this run needs at most, against what is available (`overrideGB` if given).
  public func memoryEstimate(perPatient: Bool, overrideGB: Double?) -> MemoryEstimate {
    let statistics = selectedIntervalStatistics
    var estimate = MemoryEstimate(
      patients: plan.cohort.patients, arms: plan.arms.count, outputDays: plan.outputDays.count,
      outputs: models[0].outputs.count + statistics.count + selectedScores.count, written: selectedOutputs.count,
      windowDays: statistics.reduce(0) { $0 + $1.windowDays }, states: models[0].stateCount, inputs: models[0].inputCount,
      groups: plan.cohort.paired ? 1 : plan.arms.count, chunk: Self.chunkSize, rowPiece: Self.rowPiece, perPatient: perPatient,
      available: MemoryEstimate.available(overrideGB: overrideGB))
    // --parameter-uncertainty: the patients ordered by member (`PatientChunks`).
    if ensemble != nil { estimate.bytes += Double(MemoryLayout<UInt32>.stride * plan.cohort.patients) }
    return estimate
  }

  /// Runs and writes rows into `outputs` (headers of per-patient files included when
  /// `writePatientHeaders`). `prefix` fields lead every row (a sweep's design point).
  ///
  /// A patient whose state leaves the model's `stateBounds` or turns non-finite, or whose
  /// outputs turn non-finite, at an output day is flagged (`RunStatistics.failedPatients`) and
  /// excluded from every arm's summaries and effects at every day when arms share patients
  /// (only from its own arm otherwise); its per-patient rows keep the raw values. When the
  /// flagged fraction exceeds `maxFailedFraction` the run throws
  /// `RunError.tooManyFailedPatients` as soon as that is certain. `stop` is polled at every
  /// output day and chunk. `dayZeroStates`: day-0 states shared with other runs (a sweep's
  /// design points), used and filled when given; the rows do not depend on it.
  public func run(
    into outputs: RunOutputs, execution: Execution, prefix: [String] = [], writePatientHeaders: Bool = true,
    progress: Progress? = nil, maxFailedFraction: Double = 0.001, stop: StopSignal? = nil,
    observe: ChunkObserver? = nil, dayZeroStates: DayZeroStates? = nil
  ) throws -> RunStatistics {
    let columns = valueColumns
    let nArms = plan.arms.count
    let patients = plan.cohort.patients
    let blockSize = Self.blockSize(patients: patients, members: ensemble?.count ?? 1)
    let bounds = models[0].stateBounds
    if writePatientHeaders { try writeHeaders(outputs, columns: columns) }

    let cells = ChunkLayout(arms: nArms, outputDays: plan.outputDays, columns: columns.count, patients: 0)
    // One accumulator each, not copies of one: copies share their sketch's level buffers until
    // first written, and the fold writes them from several threads at once (copy-on-write is
    // safe there, but ThreadSanitizer cannot see the reference count that makes it so).
    var summaries = (0..<(nArms * cells.days * cells.columns)).map { _ in SummaryAccumulator() }
    var effects = [PairedDifference](repeating: PairedDifference(), count: summaries.count)
    var stats = RunStatistics()
    let exposure = ExposureLimits.columns(ExposureLimits.women, in: columns.spec)
    stats.exposureAbove = exposure.map { _ in [Int](repeating: 0, count: nArms) }
    stats.exposureHighest = exposure.map { _ in [Double?](repeating: nil, count: nArms) }
    let loop = TimeLoop(
      days: plan.horizonDays, substeps: substepsPerDay, outputDays: Array(Set(plan.outputDays).union(columns.windowCells.keys)))
    let tally = WorkerTally()
    var solver = CohortSolver(stepper: stepper, loop: loop, execution: execution)
    solver.workerTally = tally
    let dayIndex = Dictionary(uniqueKeysWithValues: plan.outputDays.enumerated().map { ($1, $0) })
    let checkpointDays = Self.checkpoints(outputDays: plan.outputDays)
    let chunking = PatientChunks(patients: patients, chunkSize: Self.chunkSize, ensemble: ensemble, seed: plan.cohort.seed)
    let chunkCount = chunking.count

    // The chunk's values (`ChunkLayout`), in the run's one buffer (fresh pages for every
    // chunk cost more than the chunk's statistics); NaN until written.
    var values = [Double](repeating: .nan, count: summaries.count * Swift.min(Self.chunkSize, patients))
    for (chunkIndex, (member, ids)) in chunking.enumerated() {
      let count = ids.count
      let chunkName = "chunk \(chunkIndex + 1) of \(chunkCount)"
      try stop?.check("\(chunkName), before its first day")
      let statuses = (0..<nArms).map { _ in CohortStatus(patients: count) }
      // One chunk of patients for all arms (paired), or one per arm (parallel groups).
      let chunks = (0..<(plan.cohort.paired ? 1 : nArms)).map { a in
        CohortChunk(plan: plan.cohort, ids: ids.map { plan.cohort.firstPatient(arm: a) + $0 }, blockSize: blockSize)
      }
      let armModels = member.map { memberModels[$0] } ?? models
      let layout = ChunkLayout(arms: nArms, outputDays: plan.outputDays, columns: columns.count, patients: count)
      values.withUnsafeMutableBufferPointer { $0[0..<layout.count].update(repeating: .nan) }
      // Arms with the same parameter overrides share the day-0 state (one steady-state
      // solve per patient, not one per arm) when they share patients.
      var initialByOverrides: [[String: Double]: CohortMatrix] = [:]
      for a in 0..<nArms {
        let chunk = chunks[plan.cohort.paired ? 0 : a]
        let armName = plan.arms[a].name
        let overrides = plan.parameterOverrides(arm: a)
        let initial: CohortMatrix
        if plan.cohort.paired, let shared = initialByOverrides[overrides] {
          initial = shared
        } else {
          initial = try dayZeroState(
            armModels[a], chunk: chunk, arm: armName, execution: execution, tally: tally, stats: &stats, shared: dayZeroStates
          ) { day in
            try stop?.check("history day \(day) of \(plan.historyDays), \(chunkName), arm \(armName)")
          }
          initialByOverrides[overrides] = initial
        }
        let schedule = ArmSchedule(chunk: chunk, arm: plan.arms[a], cohort: plan.cohort)
        let problem = CohortProblem(model: armModels[a], initialState: initial, inputs: schedule)
        // Outputs are computed by the worker that steps a block, when it reaches an output
        // day; the workers meet only at checkpoints (stop flag, progress).
        let workers = execution.workers(blocks: initial.blockCount)
        let inputBuffers = (0..<workers).map { _ in AlignedBuffer(count: Swift.max(armModels[a].inputCount, 1) * blockSize) }
        let outputBuffers = (0..<workers).map { _ in AlignedBuffer(count: columns.modelOutputs * blockSize) }
        // Each worker's seconds in outputs, a cache line apart.
        let observeSeconds = AlignedBuffer(count: 8 * workers)
        var lastDay = 0
        let solveStart = DispatchTime.now().uptimeNanoseconds
        try values.withUnsafeMutableBufferPointer { v in
          let armOutputs = ArmOutputs(
            arm: a, model: armModels[a], schedule: schedule, initial: initial, columns: columns, layout: layout, blockSize: blockSize,
            values: v.baseAddress!)
          let status = statuses[a]
          _ = try solver.solve(
            problem, checkpoints: checkpointDays,
            observeBlock: { day, b, w, state in
              let observeStart = DispatchTime.now().uptimeNanoseconds
              let t = dayIndex[day]
              if t != nil { status.check(state, day: day, bounds: bounds, blocks: b..<(b + 1)) }
              armOutputs.fill(
                block: b, day: day, t: t, cells: columns.windowCells[day] ?? [], state: state,
                inputs: inputBuffers[w].pointer, outputs: outputBuffers[w].pointer)
              observeSeconds.pointer[8 * w] += RunPhases.since(observeStart)
            },
            checkpoint: { day, _ in
              try stop?.check("day \(day) of \(chunkName), arm \(armName)")
              progress?.advance(by: Double(count) * Double(day - lastDay))
              stats.patientDays += Double(count) * Double(day - lastDay)
              lastDay = day
            })
          armOutputs.finish()
        }
        // Outputs overlap stepping on the workers: their share of the wall time is the
        // workers' seconds in outputs over the number of workers.
        let observing = (0..<workers).reduce(0.0) { $0 + observeSeconds.pointer[8 * $1] } / Double(workers)
        stats.phases.outputs += observing
        stats.phases.stepping += RunPhases.since(solveStart) - observing
      }
      var screeningStart = DispatchTime.now().uptimeNanoseconds
      let badOutput = screen(
        values, layout: layout, ids: ids, names: columns.names, exposure: exposure,
        workers: execution.workers(blocks: layout.arms * layout.days * layout.columns), stats: &stats)
      stats.phases.screening += RunPhases.since(screeningStart)
      if let file = outputs.patients {
        try stats.phases.time(\.writing) {
          try writePatients(file, values: values, layout: layout, ids: ids, prefix: prefix, columns: columns.selected)
        }
      }
      screeningStart = DispatchTime.now().uptimeNanoseconds
      flagFailures(
        &values, layout: layout, ids: ids, statuses: statuses, badOutput: badOutput, names: columns.names, prefix: prefix, stats: &stats)
      let population = self.population
      if Double(stats.failedPatientCount) > maxFailedFraction * Double(population), let firstFailure = stats.failedPatients.first {
        throw RunError.tooManyFailedPatients(
          failed: stats.failedPatientCount, patients: population, maxFraction: maxFailedFraction, first: firstFailure)
      }
      stats.phases.screening += RunPhases.since(screeningStart)
      try observe?(ids, values)
      stats.phases.time(\.summaries) {
        fold(values, layout: layout, into: &summaries, &effects, workers: execution.workers(blocks: summaries.count))
      }
      if let file = outputs.covariates {
        try stats.phases.time(\.writing) {
          try writeCovariates(file, chunks: chunks, member: member, prefix: prefix)
        }
      }
    }
    try writeTables(
      summaries: summaries, effects: effects, layout: cells, columns: columns.selected, outputs: columns.spec, into: outputs,
      prefix: prefix, workers: execution.workers(blocks: summaries.count), phases: &stats.phases)
    stats.workerThreads = Swift.max(tally.most, 1)
    return stats
  }

  /// Headers of the per-patient files (`--per-patient`).
  func writeHeaders(_ outputs: RunOutputs, columns: ValueColumns) throws {
    let prefix = outputs.prefixColumns.isEmpty ? [] : [OutputColumns.designPointColumn]
    if let file = outputs.patients {
      let perOutput = columns.selected.map { columns.spec[$0] }.map {
        OutputColumn("\($0.variable).\($0.site.rawValue)", .float, unit: $0.unit, "\($0.variable) at \($0.site.rawValue)")
      }
      try outputs.writeHeader(file, prefix + OutputColumns.patientsPrefixColumns + perOutput)
    }
    if let file = outputs.covariates {
      let member =
        ensemble == nil
        ? []
        : [
          OutputColumn(
            "ensemble_member", .string, unit: nil,
            "parameter-ensemble member of the patient, as the ensemble file's member column names it (--parameter-uncertainty; rows member by member)"
          )
        ]
      let names = CohortChunk.covariateNames(plan.cohort, inputNames: plan.inputs.map(\.name))
      try outputs.writeHeader(file, prefix + OutputColumns.covariatesPrefixColumns + covariateColumns(names) + member)
    }
  }

  /// The arm's patients at their reference state, carried through the scenario's history
  /// (natural menopausal transition, an energy deficit) to day 0 under the control arm's
  /// baseline inputs; `poll(day)` may throw to stop. From `shared` when it holds the state
  /// (the key is hashed in the history phase), else solved and offered to it.
  func dayZeroState(
    _ model: Model, chunk: CohortChunk, arm: String, execution: Execution, tally: WorkerTally, stats: inout RunStatistics,
    shared: DayZeroStates? = nil, poll: (Int) throws -> Void
  ) throws -> CohortMatrix {
    let pre = ArmSchedule(chunk: chunk, arm: plan.arms[plan.controlIndex], cohort: plan.cohort, baselineOnly: true)
    func solve(_ stats: inout RunStatistics) throws -> CohortMatrix {
      let start = try stats.phases.time(\.initialState) { try initialState(model, schedule: pre, chunk: chunk, arm: arm) }
      return try stats.phases.time(\.history) {
        try history(model, from: start, schedule: pre, execution: execution, tally: tally, poll: poll)
      }
    }
    guard let shared else { return try solve(&stats) }
    let key = stats.phases.time(\.history) {
      DayZeroStates.Key(
        parameters: model.parameters, solver: "\(stepper), \(substepsPerDay) substeps", historyDays: plan.historyDays, schedule: pre)
    }
    return try shared.state(key) { try solve(&stats) }
  }

  /// The chunk's rows of patients_covariates.csv (every arm's patients when arms are not paired).
  func writeCovariates(_ file: StreamingFile, chunks: [CohortChunk], member: Int?, prefix: [String]) throws {
    var text = ""
    for chunk in chunks {
      for p in 0..<chunk.count {
        text += CSVFormat.line(
          prefix + [scenario.name, String(chunk.ids[p])] + chunk.covariates[p].map(CSVFormat.number)
            + (member.map { [ensemble!.labels[$0]] } ?? []))
      }
    }
    try file.write(text)
  }

  /// Adds a chunk's outputs to the accumulators. Each (arm, day, output) cell receives its
  /// values in patient order from exactly one worker, so the result does not depend on
  /// `workers`; cells are split into contiguous ranges, one per worker. A worker keeps, per
  /// output column, the order in which the chunk's patients last sorted (`SortHint`): its
  /// cells go day by day, so each column's sort starts from the previous day's order.
  func fold(
    _ values: [Double], layout: ChunkLayout, into summaries: inout [SummaryAccumulator], _ effects: inout [PairedDifference],
    workers: Int
  ) {
    let control = plan.controlIndex
    let cells = summaries.count, count = layout.patients
    let armCells = layout.days * layout.columns
    let scratchKeys = 2 * (summaries.lazy.map(\.sketch.capacity).max() ?? 0)
    values.withUnsafeBufferPointer { v in
      summaries.withUnsafeMutableBufferPointer { s in
        effects.withUnsafeMutableBufferPointer { e in
          let shared = FoldBuffers(values: v.baseAddress!, summaries: s.baseAddress!, effects: e.baseAddress!)
          let work: @Sendable (Int) -> Void = { w in
            // One sort space per worker for all its cells' sketches.
            let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: scratchKeys)
            defer { scratch.deallocate() }
            // One sort hint per output column, all sorting in one spare: when a chunk's column
            // is one full level of the sketch (the sketch sorts it straight from the column).
            let hinted = count >= 2 && count <= 1 << 16 && 2 * count == scratchKeys
            let indices = UnsafeMutablePointer<UInt16>.allocate(capacity: hinted ? (layout.columns + 1) * count : 0)
            defer { indices.deallocate() }
            let hints = UnsafeMutablePointer<SortHint>.allocate(capacity: hinted ? layout.columns : 0)
            defer { hints.deallocate() }
            if hinted {
              for o in 0..<layout.columns {
                (hints + o).initialize(to: SortHint(order: indices + o * count, spare: indices + layout.columns * count, count: count))
              }
            }
            let hint = { (cell: Int) in hinted ? hints + cell % layout.columns : nil }
            let range = (w * cells / workers)..<((w + 1) * cells / workers)
            let column = { (cell: Int) in UnsafeBufferPointer(start: shared.values + cell * count, count: count) }
            // Summaries sixteen cells at a time (their running means as one vector), then the rest.
            var cell = range.lowerBound
            let lanes = SummaryAccumulator.lanes
            while cell + lanes <= range.upperBound {
              SummaryAccumulator.add(
                columns: shared.values + cell * count, stride: count, count: count, to: shared.summaries + cell, scratch: scratch,
                hint: { [cell] k in hint(cell + k) })
              cell += lanes
            }
            for cell in cell..<range.upperBound {
              shared.summaries[cell].add(contentsOf: column(cell), scratch: scratch, hint: hint(cell))
            }
            // Paired effects against the control arm's same cell: sixteen cells of one arm as
            // one vector, then the rest one by one.
            cell = range.lowerBound
            while cell < range.upperBound {
              let a = cell / armCells
              let controlCell = cell - (a - control) * armCells
              if a != control && cell + lanes <= Swift.min(range.upperBound, (a + 1) * armCells) {
                PairedDifference.add(
                  arms: shared.values + cell * count, comparators: shared.values + controlCell * count, stride: count, count: count,
                  to: shared.effects + cell)
                cell += lanes
                continue
              }
              if a != control {
                let base = cell * count, controlBase = controlCell * count
                for p in 0..<count {
                  shared.effects[cell].add(arm: shared.values[base + p], comparator: shared.values[controlBase + p])
                }
              }
              cell += 1
            }
          }
          WorkerThreads.perform(workers, work)
        }
      }
    }
  }

  /// Days at which an arm's workers meet to poll the stop flag and report progress: the first
  /// output day at least `checkpointDays` after the previous checkpoint, and the last output
  /// day. Between them each worker steps its blocks and computes their outputs on its own.
  static func checkpoints(outputDays: [Int]) -> [Int] {
    var days: [Int] = []
    for day in outputDays.sorted() where day >= (days.last ?? 0) + checkpointDays { days.append(day) }
    if let last = outputDays.max(), days.last != last { days.append(last) }
    return days
  }

  /// Days between checkpoints: a year of a 2,048-patient chunk is a few hundredths of a second.
  static var checkpointDays: Int { 365 }

  /// Days of history between polls of the stop flag: a few tenths of a second of work per
  /// chunk, so Ctrl-C during decades of history stops the run promptly. (Splitting the
  /// solve at these days changes no arithmetic: every block steps the same days in order.)
  static var historyPollDays: Int { 180 }

  /// The state after `plan.historyDays` days under the control arm's baseline inputs;
  /// `poll(day)` is called every `historyPollDays` days and may throw to stop.
  func history(
    _ model: Model, from start: CohortMatrix, schedule: ArmSchedule, execution: Execution, tally: WorkerTally,
    poll: (Int) throws -> Void = { _ in }
  ) throws -> CohortMatrix {
    let days = plan.historyDays
    guard days > 0 else { return start }
    let polls = Array(stride(from: Self.historyPollDays, to: days, by: Self.historyPollDays)) + [days]
    var solver = CohortSolver(
      stepper: stepper, loop: TimeLoop(days: days, substeps: substepsPerDay, outputDays: polls), execution: execution)
    solver.workerTally = tally
    return try solver.solve(
      CohortProblem(model: model, initialState: start, inputs: HistorySchedule(baseline: schedule, days: days))
    ) { day, _ in try poll(day) }
  }

  /// Day-0 state of every patient of the chunk: the steady state of its pre-trial inputs
  /// (covariates and the control arm's time courses on day 0, no doses, no exercise), so
  /// every arm starts from the same patients.
  func initialState(_ model: Model, schedule: ArmSchedule, chunk: CohortChunk, arm: String) throws -> CohortMatrix {
    let blockSize = chunk.baseline.layout.blockSize
    let x0 = CohortMatrix(patients: chunk.count, columns: model.stateCount, blockSize: blockSize)
    let buffer = AlignedBuffer(count: Swift.max(model.inputCount, 1) * blockSize)
    var row = [Double](repeating: 0, count: model.inputCount)
    for b in 0..<chunk.baseline.blockCount {
      schedule.fill(day: 0, block: b, blockSize: blockSize, into: buffer.pointer)
      for r in 0..<Swift.min(blockSize, chunk.count - b * blockSize) {
        for c in 0..<model.inputCount { row[c] = buffer.pointer[c * blockSize + r] }
        let p = b * blockSize + r
        do {
          let x = try model.initialState(inputs: row)
          for (s, v) in x.enumerated() { x0[p, s] = v }
        } catch {
          throw RunError.initialState(arm: arm, patient: chunk.ids[p], reason: "\(error)")
        }
      }
    }
    x0.replicatePadding()
    return x0
  }

  func writePatients(
    _ file: StreamingFile, values: [Double], layout: ChunkLayout, ids: [Int], prefix: [String], columns: [Int]
  ) throws {
    var text = ""
    for p in 0..<layout.patients {
      for a in 0..<plan.arms.count {
        let id = plan.cohort.firstPatient(arm: a) + ids[p]
        for t in 0..<layout.days {
          var fields = prefix + [scenario.name, plan.arms[a].name, String(id), String(plan.outputDays[t])]
          for o in columns { fields.append(CSVFormat.number(values[layout.index(a, t, o, p)])) }
          text += CSVFormat.line(fields)
        }
      }
      if text.utf8.count > Self.rowPiece {
        try file.write(text)
        text = ""
      }
    }
    try file.write(text)
  }
}

/// Sees each chunk's outputs after screening (`bonesim forecast` keeps every twin's values):
/// patients `ids` (p = 0 ..< ids.count), `values[((arm · days + t) · outputs + o) · ids.count + p]`
/// (`ChunkLayout`) over every model output, then the selected interval statistics and scores,
/// at `plan.outputDays[t]`; NaN for a flagged patient.
public typealias ChunkObserver = (_ ids: [Int], _ values: [Double]) throws -> Void

/// The chunks a run solves, in order: patients `0 ..< patients` in pieces of `chunkSize`; with
/// an ensemble, each member's patients (ascending) in pieces of `chunkSize`, member by member,
/// so one chunk shares one parameter set. Depends only on the cohort, never on threads.
struct PatientChunks: Sequence {
  let patients: Int
  let chunkSize: Int
  /// Ensemble runs: the patients ordered by member, ascending within a member (a counting
  /// sort, O(patients); 4 bytes a patient), and where each member's patients start
  /// (`starts[m] ..< starts[m + 1]`).
  let byMember: (order: [UInt32], starts: [Int])?

  init(patients: Int, chunkSize: Int, ensemble: ParameterEnsemble?, seed: UInt64) {
    self.patients = patients
    self.chunkSize = chunkSize
    byMember = ensemble.map { e in
      func member(_ p: Int) -> Int { e.member(of: p, seed: seed, stream: RandomStreams.parameterMember) }
      var starts = [Int](repeating: 0, count: e.count + 1)
      for p in 0..<patients { starts[member(p) + 1] += 1 }
      for m in 0..<e.count { starts[m + 1] += starts[m] }
      var next = starts
      var order = [UInt32](repeating: 0, count: patients)
      for p in 0..<patients {
        let m = member(p)
        order[next[m]] = UInt32(p)
        next[m] += 1
      }
      return (order, starts)
    }
  }

  var count: Int {
    guard let byMember else { return (patients + chunkSize - 1) / chunkSize }
    return (0..<(byMember.starts.count - 1)).reduce(0) { $0 + (byMember.starts[$1 + 1] - byMember.starts[$1] + chunkSize - 1) / chunkSize }
  }

  func makeIterator() -> AnyIterator<(member: Int?, ids: [Int])> {
    guard let byMember else {
      var first = 0
      return AnyIterator {
        guard first < patients else { return nil }
        let count = Swift.min(chunkSize, patients - first)
        defer { first += count }
        return (nil, Array(first..<(first + count)))
      }
    }
    let (order, starts) = byMember
    var member = 0, next = 0
    return AnyIterator {
      while member < starts.count - 1 {
        let end = starts[member + 1]
        if next < starts[member] { next = starts[member] }
        if next < end {
          let stop = Swift.min(next + chunkSize, end)
          defer { next = stop }
          return (member, order[next..<stop].map { Int($0) })
        }
        member += 1
      }
      return nil
    }
  }
}

/// The chunk's outputs buffer handed to the output workers; each writes its own blocks' rows.
struct OutputTarget: @unchecked Sendable {
  let values: UnsafeMutablePointer<Double>
}

/// One line of summary.csv before formatting: n, mean, sd and the quantile columns.
typealias SummaryRow = (n: Int, mean: Double, sd: Double, quantiles: [Double])

/// Where the summary-row workers read accumulators and write rows (each row by one worker).
struct QuantileRows: @unchecked Sendable {
  let summaries: UnsafePointer<SummaryAccumulator>
  let rows: UnsafeMutablePointer<SummaryRow>
}

/// Raw pointers handed to the fold's workers; each worker touches disjoint cells only.
struct FoldBuffers: @unchecked Sendable {
  let values: UnsafePointer<Double>
  let summaries: UnsafeMutablePointer<SummaryAccumulator>
  let effects: UnsafeMutablePointer<PairedDifference>
}

import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Dispatch

/// Where a chunk's values sit in the run's one buffer: arm × output day × value column ×
/// patient, patients fastest, so each (arm, day, column) cell is one contiguous run of
/// `patients` values and the summaries' cells are numbered the same way.
struct ChunkLayout: Sendable {
  let arms: Int
  /// The run's output days [day].
  let outputDays: [Int]
  /// Value columns: the model's outputs, then the selected interval statistics and scores.
  let columns: Int
  /// Patients of the chunk (0 for a layout of cells only).
  let patients: Int

  var days: Int { outputDays.count }

  /// Values in the chunk.
  var count: Int { arms * days * columns * patients }

  /// Cell (arm `a`, output day `t`, column `o`) among arms × days × columns.
  @inline(__always) func cell(_ a: Int, _ t: Int, _ o: Int) -> Int { (a * days + t) * columns + o }

  /// Patient `p`'s value of cell (a, t, o).
  @inline(__always) func index(_ a: Int, _ t: Int, _ o: Int, _ p: Int) -> Int { cell(a, t, o) * patients + p }
}

extension ScenarioRun {
  /// Counts a chunk's non-finite values (a few examples, in patient order so they are
  /// deterministic) and serum levels above the limits for women (raw values, before
  /// exclusions). Returns, per arm and patient (`a · patients + p`), the first output day
  /// and column at which a value was not finite.
  ///
  /// The run's `workers` first find the cells (arm, day, output) that hold a non-finite value;
  /// only those are then read patient by patient, in order.
  func screen(
    _ values: [Double], layout: ChunkLayout, ids: [Int], names: [String],
    exposure: [(limit: ExposureLimit, output: Int)], workers: Int, stats: inout RunStatistics
  ) -> [(t: Int, o: Int)?] {
    let count = layout.patients
    var badOutput = [(t: Int, o: Int)?](repeating: nil, count: layout.arms * count)
    let bad = nonFiniteCells(values, layout: layout, workers: workers)
    for a in 0..<layout.arms {
      for t in 0..<layout.days {
        for o in 0..<layout.columns {
          let base = layout.index(a, t, o, 0)
          guard bad[layout.cell(a, t, o)] else { continue }
          for p in 0..<count where !values[base + p].isFinite {
            stats.nonFiniteValues += 1
            if badOutput[a * count + p] == nil { badOutput[a * count + p] = (t, o) }
            if stats.nonFiniteExamples.count < 5 {
              stats.nonFiniteExamples.append(
                "arm \(plan.arms[a].name), patient \(plan.cohort.firstPatient(arm: a) + ids[p]), day \(plan.outputDays[t]), \(names[o])")
            }
          }
        }
      }
    }
    // Day by day over contiguous patients (not patient by patient across days).
    var above = [Bool](repeating: false, count: count)
    for (k, e) in exposure.enumerated() {
      for a in 0..<layout.arms {
        above.withUnsafeMutableBufferPointer { $0.update(repeating: false) }
        var highest = -Double.infinity
        for t in 0..<layout.days {
          let base = layout.index(a, t, e.output, 0)
          for p in 0..<count {
            let v = values[base + p]
            guard v.isFinite else { continue }
            if v > e.limit.upper { above[p] = true }
            if v > highest { highest = v }
          }
        }
        if highest > (stats.exposureHighest[k][a] ?? -.infinity) { stats.exposureHighest[k][a] = highest }
        stats.exposureAbove[k][a] += above.reduce(0) { $0 + ($1 ? 1 : 0) }
      }
    }
    return badOutput
  }

  /// Per cell (`ChunkLayout.cell`), whether some patient's value is not finite, found by
  /// `workers` threads on contiguous ranges of cells.
  func nonFiniteCells(_ values: [Double], layout: ChunkLayout, workers: Int) -> [Bool] {
    let cells = layout.arms * layout.days * layout.columns, count = layout.patients
    var bad = [Bool](repeating: false, count: cells)
    values.withUnsafeBufferPointer { v in
      bad.withUnsafeMutableBufferPointer { b in
        let shared = ScreenBuffers(values: v.baseAddress!, bad: b.baseAddress!)
        WorkerThreads.perform(workers) { w in
          for cell in (w * cells / workers)..<((w + 1) * cells / workers) {
            shared.bad[cell] = !Self.allFinite(shared.values + cell * count, count: count)
          }
        }
      }
    }
    return bad
  }

  /// Whether `count` values from `start` are all finite: one branch-free pass over the
  /// exponent bits (all ones for ±∞ and NaN), which runs on vector lanes.
  static func allFinite(_ start: UnsafePointer<Double>, count: Int) -> Bool {
    let exponent: UInt64 = 0x7FF0_0000_0000_0000
    var bad: UInt64 = 0
    for p in 0..<count { bad |= (start[p].bitPattern & exponent) == exponent ? 1 : 0 }
    return bad == 0
  }

  /// Records every patient of the chunk that failed in some arm — the earlier of a bad state
  /// (`statuses`) and a bad output (`badOutput`), the state on a tie — and sets an excluded
  /// patient's values to NaN in every arm that shares her (all arms when paired), so she
  /// leaves every statistic (the accumulators skip NaN).
  func flagFailures(
    _ values: inout [Double], layout: ChunkLayout, ids: [Int], statuses: [CohortStatus], badOutput: [(t: Int, o: Int)?],
    names: [String], prefix: [String], stats: inout RunStatistics
  ) {
    let count = layout.patients
    let days = plan.outputDays
    let bounds = models[0].stateBounds
    let stateNames = models[0].stateNames
    let groups = plan.cohort.paired ? 1 : layout.arms
    var excluded = [Bool](repeating: false, count: groups * count)
    for p in 0..<count {
      for a in 0..<layout.arms {
        var failure: FailedPatient?
        let id = plan.cohort.firstPatient(arm: a) + ids[p]
        func record(day: Int, variable: String, value: Double, reason: String) -> FailedPatient {
          FailedPatient(
            prefix: prefix, scenario: scenario.name, arm: plan.arms[a].name, patient: id, day: day, variable: variable, value: value,
            reason: reason)
        }
        if case .failed(let day, let c, let value) = statuses[a].statuses[p] {
          failure = record(day: day, variable: stateNames[c], value: value, reason: CohortStatus.reason(value, bounds[c]))
        }
        if let (t, o) = badOutput[a * count + p], failure.map({ days[t] < $0.day }) ?? true {
          failure = record(day: days[t], variable: names[o], value: values[layout.index(a, t, o, p)], reason: "not finite")
        }
        guard let failure else { continue }
        stats.failedPatients.append(failure)
        let g = plan.cohort.paired ? 0 : a
        if !excluded[g * count + p] {
          excluded[g * count + p] = true
          stats.failedPatientCount += 1
        }
      }
    }
    guard excluded.contains(true) else { return }
    for a in 0..<layout.arms {
      let g = plan.cohort.paired ? 0 : a
      for p in 0..<count where excluded[g * count + p] {
        for t in 0..<layout.days {
          for o in 0..<layout.columns { values[layout.index(a, t, o, p)] = .nan }
        }
      }
    }
  }

  /// Writes summary.csv and effects.csv rows of the selected `columns` from the accumulators
  /// (cells numbered as `layout.cell`), in pieces of `rowPiece` bytes: one string of every row
  /// held three copies of the table at once (string, bytes, file buffer).
  func writeTables(
    summaries: [SummaryAccumulator], effects: [PairedDifference], layout: ChunkLayout, columns: [Int], outputs spec: [ModelOutput],
    into outputs: RunOutputs, prefix: [String], workers: Int, phases: inout RunPhases
  ) throws {
    let days = plan.outputDays
    let control = plan.controlIndex
    var text = ""
    var writing = 0.0
    let rowsStart = DispatchTime.now().uptimeNanoseconds
    let rows = Self.rows(of: summaries, layout: layout, columns: columns, workers: workers)
    func emit(_ file: StreamingFile, last: Bool = false) throws {
      guard last || text.utf8.count >= Self.rowPiece else { return }
      let start = DispatchTime.now().uptimeNanoseconds
      try file.write(text)
      text = ""
      writing += RunPhases.since(start)
    }
    var row = 0
    for a in 0..<layout.arms {
      for t in 0..<layout.days {
        for o in columns {
          let r = rows[row]
          let out = spec[o]
          text += CSVFormat.line(
            prefix + [scenario.name, plan.arms[a].name, String(days[t]), out.variable, out.site.rawValue, out.unit, String(r.n)]
              + ([r.mean, r.sd] + r.quantiles).map(CSVFormat.number))
          row += 1
          try emit(outputs.summary)
        }
      }
    }
    try emit(outputs.summary, last: true)
    phases.summaries += RunPhases.since(rowsStart) - writing
    phases.writing += writing
    let effectsStart = DispatchTime.now().uptimeNanoseconds
    for a in 0..<layout.arms where a != control {
      for t in 0..<layout.days {
        for o in columns {
          let cell = layout.cell(a, t, o)
          let r =
            plan.cohort.paired
            ? effects[cell].result
            : MeanDifference.welch(summaries[cell].moments, summaries[layout.cell(control, t, o)].moments)
          let out = spec[o]
          text += CSVFormat.line(
            prefix + [scenario.name, plan.arms[a].name, plan.arms[control].name, String(days[t]), out.variable, out.site.rawValue]
              + [r.mean, r.low, r.high].map(CSVFormat.number) + [String(r.n)])
          try emit(outputs.effects)
        }
      }
    }
    try emit(outputs.effects, last: true)
    phases.writing += RunPhases.since(effectsStart)
  }

  /// Every summary row (`SummaryAccumulator.row`), in the file's order (arm, day, selected
  /// column): each sketch's quantile merge is independent, so `workers` threads share the rows.
  static func rows(of summaries: [SummaryAccumulator], layout: ChunkLayout, columns: [Int], workers: Int) -> [SummaryRow] {
    var cells: [Int] = []
    for a in 0..<layout.arms { for t in 0..<layout.days { for o in columns { cells.append(layout.cell(a, t, o)) } } }
    let rows = UnsafeMutableBufferPointer<SummaryRow>.allocate(capacity: cells.count)
    rows.initialize(repeating: (0, .nan, .nan, []))
    defer {
      _ = rows.deinitialize()
      rows.deallocate()
    }
    summaries.withUnsafeBufferPointer { s in
      let shared = QuantileRows(summaries: s.baseAddress!, rows: rows.baseAddress!)
      let n = Swift.max(1, Swift.min(workers, cells.count))
      WorkerThreads.perform(n) { w in
        for r in (w * cells.count / n)..<((w + 1) * cells.count / n) {
          shared.rows[r] = shared.summaries[cells[r]].row
        }
      }
    }
    return Array(UnsafeBufferPointer(rows))
  }
}

/// The value columns a run keeps per patient and output day: every model output, then the
/// selected dosing-interval statistics, then the selected T- and Z-scores.
struct ValueColumns: Sendable {
  /// The model's outputs (the first columns).
  let modelOutputs: Int
  let statistics: [DosingIntervalStatistic]
  let scores: [BMDScore]
  /// Every column's output.
  let spec: [ModelOutput]
  /// `variable.site` of every column.
  let names: [String]
  /// The columns written, in the order of the run's selected outputs.
  let selected: [Int]
  /// Days the interval statistics read, and the (output day index, statistic) cells each
  /// day feeds.
  let windowCells: [Int: [(t: Int, k: Int)]]
  /// Input column of the patient's age (Z-scores), if the model has one.
  let ageColumn: Int?

  var count: Int { spec.count }
  /// Column of statistic `k`.
  func statistic(_ k: Int) -> Int { modelOutputs + k }
  /// Column of score `k`.
  func score(_ k: Int) -> Int { modelOutputs + statistics.count + k }
}

extension ScenarioRun {
  /// The value columns of this run (`selectedOutputs` indexes `outputs`: the model's, then
  /// every interval statistic, then every score).
  var valueColumns: ValueColumns {
    let model = models[0]
    let n = model.outputs.count
    let statistics = selectedIntervalStatistics, scores = selectedScores
    let spec = model.outputs + statistics.map(\.output) + scores.map(\.output)
    let selected = selectedOutputs.map { i -> Int in
      if i < n { return i }
      if i < n + intervalStatistics.count { return n + statistics.firstIndex(of: intervalStatistics[i - n])! }
      return n + statistics.count + scores.firstIndex(of: self.scores[i - n - intervalStatistics.count])!
    }
    var windowCells: [Int: [(t: Int, k: Int)]] = [:]
    for (k, statistic) in statistics.enumerated() {
      for (t, day) in plan.outputDays.enumerated() {
        for d in statistic.windowStart(day)...day { windowCells[d, default: []].append((t, k)) }
      }
    }
    return ValueColumns(
      modelOutputs: n, statistics: statistics, scores: scores, spec: spec, names: spec.map { "\($0.variable).\($0.site.rawValue)" },
      selected: selected, windowCells: windowCells, ageColumn: plan.inputs.firstIndex { $0.name == BMDScore.ageInput })
  }
}

/// Fills one arm's values of a chunk on the days the solver stops at: the model's outputs and
/// the scores on output days, and the interval statistics' running trough or sum on the days
/// of their windows. Each block's rows are its own, so workers can fill blocks in parallel
/// and the bytes do not depend on how many there are.
struct ArmOutputs<Model: ScenarioModel>: @unchecked Sendable {
  let arm: Int
  let model: Model
  let schedule: ArmSchedule
  /// The arm's day-0 state (outputs relative to day 0 read it).
  let initial: CohortMatrix
  let columns: ValueColumns
  let layout: ChunkLayout
  let blockSize: Int
  /// The run's values buffer (`layout`).
  let values: UnsafeMutablePointer<Double>

  /// Block `b` on `day` (output day index `t`, if it is one; `cells`, the day's
  /// `columns.windowCells`), with scratch for its inputs and outputs (`blockSize` rows per column).
  func fill(
    block b: Int, day: Int, t: Int?, cells: [(t: Int, k: Int)], state: CohortMatrix, inputs: UnsafeMutablePointer<Double>,
    outputs: UnsafeMutablePointer<Double>
  ) {
    schedule.fill(day: day, block: b, blockSize: blockSize, into: inputs)
    model.computeOutputs(
      OutputBlock(blockSize: blockSize, state: state.block(b), initial: initial.block(b), inputs: inputs, outputs: outputs))
    let rows = Swift.min(blockSize, layout.patients - b * blockSize)
    let first = b * blockSize
    if let t {
      for o in 0..<columns.modelOutputs {
        (values + layout.index(arm, t, o, first)).update(from: outputs + o * blockSize, count: rows)
      }
      for (k, score) in columns.scores.enumerated() {
        let dst = values + layout.index(arm, t, columns.score(k), first)
        let bmd = outputs + score.source * blockSize
        // Ages matter to Z-scores only (a T-score's reference has one row).
        let age = columns.ageColumn.map { inputs + $0 * blockSize }
        for r in 0..<rows { dst[r] = score.score(bmd: bmd[r], age: age?[r] ?? 0) }
      }
    }
    for (cellDay, k) in cells {
      let statistic = columns.statistics[k]
      let level = outputs + statistic.source * blockSize
      let dst = values + layout.index(arm, cellDay, columns.statistic(k), first)
      let opens = day == statistic.windowStart(layout.outputDays[cellDay])
      for r in 0..<rows {
        let x = level[r]
        switch statistic.kind {
        // A non-finite level sticks (x < NaN is false), so the cell is flagged later.
        case .trough: dst[r] = opens || x.isNaN || x < dst[r] ? x : dst[r]
        case .meanOverInterval, .auc: dst[r] = opens ? x : dst[r] + x
        }
      }
    }
  }

  /// After the last day: the interval means from their daily sums (AUC stays the sum of
  /// daily levels × 1 day).
  func finish() {
    for (k, statistic) in columns.statistics.enumerated() where statistic.kind == .meanOverInterval {
      for (t, day) in layout.outputDays.enumerated() {
        let length = Double(day - statistic.windowStart(day) + 1)
        let base = values + layout.index(arm, t, columns.statistic(k), 0)
        for p in 0..<layout.patients { base[p] /= length }
      }
    }
  }
}

/// The chunk's values and the per-cell flags, shared by the screening workers (each writes
/// its own cells).
struct ScreenBuffers: @unchecked Sendable {
  let values: UnsafePointer<Double>
  let bad: UnsafeMutablePointer<Bool>
}

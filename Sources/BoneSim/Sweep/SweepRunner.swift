import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// What `bonesim sweep` needs.
public struct SweepRequest: Sendable {
  public var path: String
  /// Default `results/<scenario name>_sweep` (with `_shard<I>of<N>` when sharded).
  public var outputDirectory: String?
  public var shardIndex: Int
  public var shardCount: Int
  public var threads: Int
  public var perPatient: Bool
  public var showProgress: Bool
  /// Keep design points already complete in the output folder (checksums match) and run the rest.
  public var resume: Bool
  public var command: [String]
  /// As `RunRequest.maxFailedFraction`, per design point.
  public var maxFailedFraction = RunRequest.defaultMaxFailedFraction
  /// Raised by SIGINT/SIGTERM; polled at every output day and chunk.
  public var stop: StopSignal?
  /// Patients per arm at every design point (overrides the base scenario's cohort.patients).
  public var patients: Int?
  /// Outputs to write at every design point (`--outputs`, replacing the scenario's `outputs:`).
  public var outputs: [String]?
  /// As `RunRequest.maxMemoryGB`: every design point must fit (`--max-memory`).
  public var maxMemoryGB: Double?
  /// As `RunRequest.parameterEnsemble`, at every design point (`--parameter-uncertainty`).
  public var parameterEnsemble: ParameterEnsemble?

  public init(
    path: String, outputDirectory: String? = nil, shardIndex: Int = 1, shardCount: Int = 1, threads: Int = 1,
    perPatient: Bool = false, showProgress: Bool = false, resume: Bool = false, command: [String] = CommandLine.arguments
  ) {
    self.path = path
    self.outputDirectory = outputDirectory
    self.shardIndex = shardIndex
    self.shardCount = shardCount
    self.threads = threads
    self.perPatient = perPatient
    self.showProgress = showProgress
    self.resume = resume
    self.command = command
  }
}

/// Expands a sweep into design points and runs this shard's points with the default model,
/// one point folder at a time (SweepLayout), then assembles the top-level CSVs.
public enum SweepRunner {
  /// Runs the sweep; returns the output folder.
  @discardableResult
  public static func run(_ request: SweepRequest) throws -> String {
    try run(request, model: makeDefaultModel())
  }

  /// A sweep decoded, with its base scenario, and every design point of a shard bound to a model.
  struct Prepared<M: ScenarioModel> {
    let sweepSource: ScenarioSource
    let sweep: Sweep
    let base: ScenarioSource
    let points: [[String]]
    let range: Range<Int>
    let sweepSha: String
    let scenarioSha: String
    let runs: [(index: Int, run: ScenarioRun<M, DefaultStepper>, inputSha: String)]
  }

  /// Decodes the sweep file and binds every design point of the shard; throws every problem.
  public static func check(_ path: String, patients: Int? = nil) throws -> (sweep: Sweep, designPoints: Int, scenario: Scenario?) {
    let p = try prepare(path: path, shardIndex: 1, shardCount: 1, patients: patients, outputs: nil, model: makeDefaultModel())
    return (p.sweep, p.points.count, p.runs.first?.run.scenario)
  }

  static func prepare<M: ScenarioModel>(
    path: String, shardIndex: Int, shardCount: Int, patients: Int?, outputs: [String]?, model: M,
    ensemble: ParameterEnsemble? = nil
  ) throws -> Prepared<M> {
    let sweepSource = try ScenarioSource.resolve(path)
    let sweep = try Sweep.decode(yaml: sweepSource.text, file: sweepSource.path)
    // The base scenario: relative to the sweep file, else a standard name.
    let relative = PathName.join(PathName.parent(sweepSource.path), sweep.scenario)
    let base: ScenarioSource
    do {
      base = try ScenarioSource.resolve(FileManager.default.fileExists(atPath: relative) ? relative : sweep.scenario)
    } catch let error as ScenarioError {
      // Point at the sweep's `scenario:` line rather than at the missing file.
      guard let position = sweep.scenarioPosition else { throw error }
      throw ScenarioError(error.issues.map { ScenarioIssue(position, field: "scenario", "'\(sweep.scenario)': \($0.message)") })
    }
    let root = try ScenarioNode.parse(base.text, file: base.path)
    let points = sweep.designPoints()
    let range = Sweep.shardRange(points: points.count, index: shardIndex, count: shardCount)
    let sweepSha = sha256Hex(Data(sweepSource.text.utf8))

    // Decode and bind every point of the shard before writing anything.
    var runs: [(index: Int, run: ScenarioRun<M, DefaultStepper>, inputSha: String)] = []
    var issues: [ScenarioIssue] = []
    let scenarioSha = sha256Hex(Data(base.text.utf8))
    // A problem shared by several design points (an axis naming no field, say) is reported
    // once, with the first point that shows it.
    var seen = Set<ScenarioIssue>()
    for i in range {
      do {
        var scenario = try Scenario.decode(sweep.apply(points[i], to: root))
        if let patients { scenario.cohort.patients = patients }
        if let outputs { scenario.outputs = OutputSelection.commandLine(outputs) }
        // --patients, --outputs and the parameter ensemble change what a point writes: they
        // enter the point's hash (resume, merge).
        let values =
          points[i] + (patients.map { ["--patients \($0)"] } ?? [])
          + (outputs.map { ["--outputs \($0.joined(separator: ","))"] } ?? [])
          + (ensemble.map { ["--parameter-uncertainty \($0.sha256)"] } ?? [])
        let inputs = SweepPointManifest.inputSha256(sweepSha: sweepSha, scenarioSha: scenarioSha, values: values)
        let run = try ScenarioRun(
          scenario: scenario, model: model, stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay, ensemble: ensemble)
        runs.append((i, run, inputs))
      } catch let error as ScenarioError {
        for issue in error.issues where seen.insert(issue).inserted {
          var x = issue
          x.message += " (design point \(i): \(zip(sweep.axes, points[i]).map { "\($0.label)=\($1)" }.joined(separator: ", ")))"
          issues.append(x)
        }
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }
    return Prepared(
      sweepSource: sweepSource, sweep: sweep, base: base, points: points, range: range, sweepSha: sweepSha,
      scenarioSha: scenarioSha, runs: runs)
  }

  static func run<M: ScenarioModel>(_ request: SweepRequest, model: M) throws -> String {
    let start = Date()
    let prepared = try prepare(
      path: request.path, shardIndex: request.shardIndex, shardCount: request.shardCount, patients: request.patients,
      outputs: request.outputs, model: model, ensemble: request.parameterEnsemble)
    let (sweepSource, sweep, base, points, range, sweepSha, scenarioSha, runs) = (
      prepared.sweepSource, prepared.sweep, prepared.base, prepared.points, prepared.range, prepared.sweepSha,
      prepared.scenarioSha, prepared.runs
    )

    // The largest point must fit, checked before anything is written (small points run
    // several at once only when that many fit: `concurrentPoints`).
    let largest = try largestEstimate(prepared, request: request)

    let name = runs.first?.run.scenario.name ?? "sweep"
    let suffix = request.shardCount > 1 ? "_shard\(request.shardIndex)of\(request.shardCount)" : ""
    let directory = request.outputDirectory ?? "results/\(name)_sweep\(suffix)"

    // One writer per sweep folder, and only over what an earlier sweep wrote.
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw AtomicFile.WriteError(path: directory + "/", reason: "cannot create the folder: \(error.localizedDescription)")
    }
    let lock = try DirectoryLock(path: PathName.join(directory, SweepLayout.lockFile), folder: directory)
    defer { withExtendedLifetime(lock) {} }
    let previousFiles = try SweepLayout.previousSweepFiles(in: directory)

    // Which points are already done (--resume), or start afresh.
    var kept: [Int: SweepPointManifest] = [:]
    if request.resume {
      kept = try SweepResume.completePoints(
        directory: directory, sweepFile: sweepSource.path, sweepSha: sweepSha,
        expected: runs.map { ($0.index, $0.inputSha) }, perPatient: request.perPatient)
      // A kept point must pass the check its run would have passed.
      for entry in runs {
        guard let point = kept[entry.index], let failed = point.failedPatients,
          Double(failed) > request.maxFailedFraction * Double(entry.run.population)
        else { continue }
        throw RunError.tooManyFailedPatientsInKeptPoint(
          designPoint: entry.index, failed: failed, patients: entry.run.population, maxFraction: request.maxFailedFraction,
          folder: SweepLayout.pointDirectory(directory, entry.index))
      }
      SweepResume.removeUnlisted(directory: directory, kept: kept, expected: Set(runs.map(\.index)))
    } else {
      try? FileManager.default.removeItem(atPath: PathName.join(directory, SweepLayout.pointsFolder))
    }
    SweepLayout.removePartials(in: directory)

    // A folder with a top-level manifest looks complete: remove it until this run ends, and
    // with it the previous sweep's own top-level files.
    try? FileManager.default.removeItem(atPath: PathName.join(directory, RunOutputs.manifestFile))
    for file in previousFiles { try? FileManager.default.removeItem(atPath: PathName.join(directory, file)) }

    BLAS.useSingleThread()
    let design = DesignTable(sweep: sweep, points: points)
    let designColumns = [OutputColumns.designPointColumn] + design.columns
    let designHeader = CSVFormat.quotedLine(designColumns.map(\.name))
    let todo = runs.filter { kept[$0.index] == nil }
    let progress = Progress(label: "\(name) sweep", total: todo.reduce(0) { $0 + $1.run.work }, enabled: request.showProgress)
    var nonFinite = kept.values.reduce(0) { $0 + $1.nonFiniteValues }
    var failedCount = kept.values.reduce(0) { $0 + ($1.failedPatients ?? 0) }
    var columns = kept.values.reduce(into: [String: [OutputColumn]]()) { $0.merge($1.columns ?? [:]) { a, _ in a } }
    var exposure: [[ExposureFlag]] = []
    func gather(_ point: PointResult) {
      nonFinite += point.stats.nonFiniteValues
      failedCount += point.stats.failedPatientCount
      columns.merge(point.columns) { a, _ in a }
      exposure.append(point.exposureFlags)
      ScenarioRunner.reportFailed(point.stats, directory: point.folder)
    }
    let concurrent = Self.concurrentPoints(todo.map(\.run), threads: request.threads, largest: largest)
    // Points whose history is the same share its day-0 state (solved once), in memory the
    // points running at once leave free.
    let dayZeroStates = DayZeroStates(budget: Self.dayZeroBudget(largest: largest, concurrent: concurrent))
    func runPoint(_ entry: (index: Int, run: ScenarioRun<M, DefaultStepper>, inputSha: String), _ execution: Execution) throws -> PointResult {
      try Self.runPoint(
        entry, directory: directory, design: design, designColumns: designColumns, point: points[entry.index], sweepSha: sweepSha,
        request: request, execution: execution, progress: progress, dayZeroStates: dayZeroStates)
    }
    if concurrent > 1 {
      // Small design points (fewer blocks of patients than threads) leave threads idle inside
      // one point: `concurrent` points run at once, each on one thread. A point's bytes do not
      // depend on how it runs, and results are gathered in point order.
      let slots = PointSlots(count: todo.count)
      _ = WorkerThreads.perform(concurrent) { _ in
        while let i = slots.next() {
          do { slots.store(i, .success(try runPoint(todo[i], .serial))) } catch { slots.store(i, .failure(error)) }
        }
      }
      for result in slots.results {
        switch result {
        case .success(let point): gather(point)
        case .failure(let error): throw error
        case nil: break
        }
      }
    } else {
      for entry in todo { gather(try runPoint(entry, request.threads > 1 ? .threads(request.threads) : .serial)) }
    }
    progress.finish()
    for line in ExposureFlag.sweepWarnings(exposure) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    let files = try SweepAssembly.assemble(
      directory: directory, points: range, files: SweepLayout.csvFiles(perPatient: request.perPatient),
      optionalFiles: SweepLayout.optionalFiles,
      emptyHeaders: [
        SweepLayout.designFile: designHeader,
        RunOutputs.summaryFile: CSVFormat.line([OutputColumns.designPoint] + OutputColumns.summary),
        RunOutputs.effectsFile: CSVFormat.line([OutputColumns.designPoint] + OutputColumns.effects),
      ])
    let first = runs.first?.run.scenario
    var manifest = try ManifestBuilder.make(
      scenarios: first.map { [($0, base)] } ?? [], model: model.parameters.model, seed: first?.cohort.seed ?? 0,
      patients: first?.cohort.patients ?? 0, threads: request.threads, start: start, files: files, nonFinite: nonFinite,
      command: request.command, failedPatients: failedCount, maxFailedFraction: request.maxFailedFraction, columns: columns)
    manifest.sweep = SweepRecord(
      source: sweepSource.path, sha256: sweepSha, scenarioSha256: scenarioSha, designPoints: points.count,
      first: range.lowerBound, end: range.upperBound, shard: "\(request.shardIndex)/\(request.shardCount)",
      perPatient: request.perPatient)
    manifest.memoryEstimateBytes = largest?.bytes.rounded()
    manifest.parameterEnsemble = request.parameterEnsemble.map(EnsembleRecord.init)
    try AtomicFile.write(try manifest.json(), to: PathName.join(directory, RunOutputs.manifestFile))
    return directory
  }

  /// What one design point leaves for the sweep's manifest and warnings.
  struct PointResult {
    var folder: String
    var stats: RunStatistics
    var columns: [String: [OutputColumn]]
    var exposureFlags: [ExposureFlag]
  }

  /// Runs design point `entry` into its folder: design.csv, the run's files, then its
  /// manifest, whose presence marks the point complete (a failed point leaves nothing).
  static func runPoint<M: ScenarioModel>(
    _ entry: (index: Int, run: ScenarioRun<M, DefaultStepper>, inputSha: String), directory: String, design: DesignTable,
    designColumns: [OutputColumn], point: [String], sweepSha: String, request: SweepRequest, execution: Execution, progress: Progress,
    dayZeroStates: DayZeroStates? = nil
  ) throws -> PointResult {
    let folder = SweepLayout.pointDirectory(directory, entry.index)
    try? FileManager.default.removeItem(atPath: folder)
    let outputs = try RunOutputs(directory: folder, perPatient: request.perPatient, prefixColumns: [OutputColumns.designPoint])
    let files: [Manifest.FileRecord]
    let stats: RunStatistics
    do {
      let designFile = try StreamingFile(path: PathName.join(folder, SweepLayout.designFile))
      outputs.extra.append(designFile)
      try outputs.writeHeader(designFile, designColumns)
      try designFile.write(CSVFormat.line([String(entry.index)] + design.row(point).map(CSVFormat.field)))
      stats = try entry.run.run(
        into: outputs, execution: execution, prefix: [String(entry.index)], writePatientHeaders: true, progress: progress,
        maxFailedFraction: request.maxFailedFraction, stop: request.stop, dayZeroStates: dayZeroStates)
      if !stats.failedPatients.isEmpty { try outputs.addFailedPatients(stats.failedPatients) }
      files = try outputs.commit()
    } catch {
      outputs.discard()
      throw error
    }
    var pointManifest = SweepPointManifest(
      designPoint: entry.index, sweepSha256: sweepSha, inputSha256: entry.inputSha, version: BoneSimVersion.current,
      nonFiniteValues: stats.nonFiniteValues, files: files, failedPatients: stats.failedPatientCount, columns: outputs.columns)
    pointManifest.exposureFlags = entry.run.exposureFlags(stats)
    pointManifest.intervalStatistics = entry.run.intervalStatisticRecords
    pointManifest.scoreReferences = entry.run.scoreReferenceRecords
    try AtomicFile.write(try pointManifest.json(), to: PathName.join(folder, RunOutputs.manifestFile))
    return PointResult(folder: folder, stats: stats, columns: outputs.columns, exposureFlags: pointManifest.exposureFlags ?? [])
  }

  /// Design points to run at once: `threads` when every point is small (its chunks fill
  /// fewer blocks of patients than there are threads, so one point cannot use them all) and
  /// that many of the largest point fit in memory; else 1 (points one at a time, each on
  /// every thread).
  static func concurrentPoints<M: ScenarioModel, S: Stepper>(_ runs: [ScenarioRun<M, S>], threads: Int, largest: MemoryEstimate?) -> Int {
    guard threads > 1, runs.count > 1 else { return 1 }
    let small = runs.allSatisfy { run in
      let patients = run.plan.cohort.patients
      let blockSize = ScenarioRun<M, S>.blockSize(patients: patients, members: run.ensemble?.count ?? 1)
      let rows = Swift.min(patients, ScenarioRun<M, S>.chunkSize)
      return (rows + blockSize - 1) / blockSize < threads
    }
    guard small else { return 1 }
    var k = Swift.min(threads, runs.count)
    if let largest {
      while k > 1 && Double(k) * (largest.bytes - MemoryEstimate.baseBytes) + MemoryEstimate.baseBytes > largest.available { k -= 1 }
    }
    return k
  }

  /// Bytes of shared day-0 states a sweep keeps: `DayZeroStates.defaultBudget`, or half of
  /// what `concurrent` copies of the largest point leave of the available memory if less.
  static func dayZeroBudget(largest: MemoryEstimate?, concurrent: Int) -> Int {
    guard let largest else { return 0 }
    let used = Double(concurrent) * (largest.bytes - MemoryEstimate.baseBytes) + MemoryEstimate.baseBytes
    let spare = (largest.available - used) / 2
    return spare.isFinite ? Int(Swift.max(0, Swift.min(Double(DayZeroStates.defaultBudget), spare))) : DayZeroStates.defaultBudget
  }

  /// The memory estimate of the shard's largest design point (nil for an empty shard);
  /// throws `RunError.insufficientMemory` naming that point when it does not fit.
  static func largestEstimate<M: ScenarioModel>(_ prepared: Prepared<M>, request: SweepRequest) throws -> MemoryEstimate? {
    let available = MemoryEstimate.available(overrideGB: request.maxMemoryGB)
    var largest: (index: Int, estimate: MemoryEstimate)?
    for entry in prepared.runs {
      var estimate = entry.run.memoryEstimate(perPatient: request.perPatient, overrideGB: request.maxMemoryGB)
      (estimate.available, estimate.availableSource) = available
      if largest.map({ estimate.bytes > $0.estimate.bytes }) ?? true { largest = (entry.index, estimate) }
    }
    guard let index = largest?.index, var estimate = largest?.estimate else { return nil }
    if !estimate.fits {
      let values = zip(prepared.sweep.axes, prepared.points[index]).map { "\($0.label)=\($1)" }.joined(separator: ", ")
      estimate.subject = "design point \(index) of this sweep (\(values))"
      estimate.advice =
        "write fewer output days (output_interval_days) or fewer patients (--patients); design points run one at a time, so --shard does not lower this"
      throw RunError.insufficientMemory(estimate)
    }
    return estimate
  }

}

/// How design.csv writes each axis: a numeric axis (every value a number, or a number and a
/// unit) as a `float` column holding the number, followed by `<axis>_unit` holding the unit
/// as written when the values have units; any other axis as text, as written.
struct DesignTable {
  enum Kind { case number, quantity, text }
  let kinds: [Kind]
  let columns: [OutputColumn]

  /// The number and the unit of a value as written (`10 mg` → 10, mg; `2` → 2, nil).
  static func split(_ value: String) -> (number: String, unit: String?)? {
    let t = value.trimmingCharacters(in: .whitespaces)
    if let d = Double(t), d.isFinite { return (t, nil) }
    guard let q = Quantity(parsing: t), let space = t.firstIndex(of: " ") else { return nil }
    return (String(t[..<space]), q.unit)
  }

  init(sweep: Sweep, points: [[String]]) {
    var kinds: [Kind] = []
    var columns: [OutputColumn] = []
    for (k, axis) in sweep.axes.enumerated() {
      let parsed = points.map { DesignTable.split($0[k]) }
      let units = Set(parsed.compactMap { $0?.unit })
      if parsed.contains(where: { $0 == nil }) || (!units.isEmpty && parsed.contains { $0?.unit == nil }) {
        kinds.append(.text)
        columns.append(OutputColumn(axis.label, .string, unit: nil, "sweep axis, value as written into the scenario"))
      } else if units.isEmpty {
        kinds.append(.number)
        columns.append(OutputColumn(axis.label, .float, unit: nil, "sweep axis, number as written into the scenario"))
      } else {
        kinds.append(.quantity)
        let unit = units.count == 1 ? units.first! : "row: \(axis.label)_unit column"
        columns.append(OutputColumn(axis.label, .float, unit: unit, "sweep axis, number as written into the scenario"))
        columns.append(OutputColumn(axis.label + "_unit", .string, unit: nil, "unit of \(axis.label) as written"))
      }
    }
    self.kinds = kinds
    self.columns = columns
  }

  /// The fields of one design point, in `columns` order.
  func row(_ values: [String]) -> [String] {
    var out: [String] = []
    for (kind, value) in zip(kinds, values) {
      switch kind {
      case .text: out.append(value)
      case .number: out.append(DesignTable.split(value)!.number)
      case .quantity:
        let (number, unit) = DesignTable.split(value)!
        out += [number, unit!]
      }
    }
    return out
  }
}

/// The design points a sweep runs at once: the next point to start (none after a failure),
/// and each point's outcome in point order.
final class PointSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var nextIndex = 0
  private var failed = false
  private(set) var results: [Result<SweepRunner.PointResult, any Error>?]

  init(count: Int) { results = Array(repeating: nil, count: count) }

  /// The next point to run, or nil when all have started or one has failed.
  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard !failed, nextIndex < results.count else { return nil }
    defer { nextIndex += 1 }
    return nextIndex
  }

  func store(_ i: Int, _ result: Result<SweepRunner.PointResult, any Error>) {
    lock.lock()
    defer { lock.unlock() }
    results[i] = result
    if case .failure = result { failed = true }
  }
}

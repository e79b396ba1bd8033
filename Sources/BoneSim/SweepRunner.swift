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
  public var command: [String]
  /// As `RunRequest.maxFailedFraction`, per design point.
  public var maxFailedFraction = RunRequest.defaultMaxFailedFraction
  /// Raised by SIGINT/SIGTERM; polled at every output day and chunk.
  public var stop: StopSignal?

  public init(
    path: String, outputDirectory: String? = nil, shardIndex: Int = 1, shardCount: Int = 1, threads: Int = 1,
    perPatient: Bool = false, showProgress: Bool = false, command: [String] = CommandLine.arguments
  ) {
    self.path = path
    self.outputDirectory = outputDirectory
    self.shardIndex = shardIndex
    self.shardCount = shardCount
    self.threads = threads
    self.perPatient = perPatient
    self.showProgress = showProgress
    self.command = command
  }
}

/// Expands a sweep into design points and runs this shard's points with the default model.
public enum SweepRunner {
  /// Runs the sweep; returns the output folder.
  @discardableResult
  public static func run(_ request: SweepRequest) throws -> String {
    try run(request, model: makeDefaultModel())
  }

  static func run<M: ScenarioModel>(_ request: SweepRequest, model: M) throws -> String {
    let start = Date()
    let sweepSource = try ScenarioSource.resolve(request.path)
    let sweep = try Sweep.decode(yaml: sweepSource.text, file: sweepSource.path)
    // The base scenario: relative to the sweep file, else a standard name.
    let relative = ((sweepSource.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(sweep.scenario)
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
    let range = Sweep.shardRange(points: points.count, index: request.shardIndex, count: request.shardCount)

    // Decode and bind every point of the shard before writing anything.
    var runs: [(index: Int, run: ScenarioRun<M, DefaultStepper>)] = []
    var issues: [ScenarioIssue] = []
    // A problem shared by several design points (an axis naming no field, say) is reported
    // once, with the first point that shows it.
    var seen = Set<ScenarioIssue>()
    for i in range {
      do {
        let scenario = try Scenario.decode(sweep.apply(points[i], to: root))
        runs.append((i, try ScenarioRun(scenario: scenario, model: model, stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay)))
      } catch let error as ScenarioError {
        for issue in error.issues where seen.insert(issue).inserted {
          var x = issue
          x.message += " (design point \(i): \(zip(sweep.axes, points[i]).map { "\($0.label)=\($1)" }.joined(separator: ", ")))"
          issues.append(x)
        }
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }

    let name = runs.first?.run.scenario.name ?? "sweep"
    let suffix = request.shardCount > 1 ? "_shard\(request.shardIndex)of\(request.shardCount)" : ""
    let directory = request.outputDirectory ?? "results/\(name)_sweep\(suffix)"
    BLAS.useSingleThread()
    let outputs = try RunOutputs(directory: directory, perPatient: request.perPatient, prefixColumns: [OutputColumns.designPoint])
    var nonFinite = 0
    var failed: [FailedPatient] = []
    var failedCount = 0
    let files: [Manifest.FileRecord]
    do {
      let design = try StreamingFile(path: (directory as NSString).appendingPathComponent("design.csv"))
      outputs.extra.append(design)
      try outputs.writeHeader(
        design,
        [OutputColumns.designPointColumn]
          + sweep.axes.map { OutputColumn($0.label, .string, unit: nil, "sweep axis, value as written into the scenario (unit included)") })
      for i in range { try design.write(CSVFormat.line([String(i)] + points[i].map(csvField))) }
      let progress = Progress(label: "\(name) sweep", total: runs.reduce(0) { $0 + $1.run.work }, enabled: request.showProgress)
      for (k, entry) in runs.enumerated() {
        let stats = try entry.run.run(
          into: outputs, execution: request.threads > 1 ? .threads(request.threads) : .serial, prefix: [String(entry.index)],
          writePatientHeaders: k == 0, progress: progress, maxFailedFraction: request.maxFailedFraction, stop: request.stop)
        nonFinite += stats.nonFiniteValues
        failed += stats.failedPatients
        failedCount += stats.failedPatientCount
        ScenarioRunner.reportFailed(stats, directory: directory)
      }
      progress.finish()
      if !failed.isEmpty { try outputs.addFailedPatients(failed) }
      files = try outputs.commit()
    } catch {
      outputs.discard()
      throw error
    }
    let first = runs.first?.run.scenario
    let manifest = try ManifestBuilder.make(
      scenarios: first.map { [($0, base)] } ?? [], model: model.parameters.model, seed: first?.cohort.seed ?? 0,
      patients: first?.cohort.patients ?? 0, threads: request.threads, start: start, files: files, nonFinite: nonFinite,
      command: request.command + ["(sweep \(sweepSource.path) sha256 \(sha256Hex(Data(sweepSource.text.utf8))), points \(range.lowerBound)..<\(range.upperBound) of \(points.count))"],
      failedPatients: failedCount, maxFailedFraction: request.maxFailedFraction, columns: outputs.columns)
    try AtomicFile.write(try manifest.json(), to: (directory as NSString).appendingPathComponent(RunOutputs.manifestFile))
    return directory
  }

  /// Quotes a design value if it contains a comma or quote (RFC 4180).
  static func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}

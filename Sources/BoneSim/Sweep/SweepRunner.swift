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

  static func run<M: ScenarioModel>(_ request: SweepRequest, model: M) throws -> String {
    let start = Date()
    let sweepSource = try ScenarioSource.resolve(request.path)
    let sweep = try Sweep.decode(yaml: sweepSource.text, file: sweepSource.path)
    // The base scenario: relative to the sweep file, else a standard name.
    let relative = ((sweepSource.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(sweep.scenario)
    let base = try ScenarioSource.resolve(FileManager.default.fileExists(atPath: relative) ? relative : sweep.scenario)
    let root = try ScenarioNode.parse(base.text, file: base.path)
    let points = sweep.designPoints()
    let range = Sweep.shardRange(points: points.count, index: request.shardIndex, count: request.shardCount)
    let sweepSha = sha256Hex(Data(sweepSource.text.utf8))

    // Decode and bind every point of the shard before writing anything.
    var runs: [(index: Int, run: ScenarioRun<M, DefaultStepper>, inputSha: String)] = []
    var issues: [ScenarioIssue] = []
    let scenarioSha = sha256Hex(Data(base.text.utf8))
    for i in range {
      do {
        let scenario = try Scenario.decode(sweep.apply(points[i], to: root))
        let inputs = SweepPointManifest.inputSha256(sweepSha: sweepSha, scenarioSha: scenarioSha, values: points[i])
        runs.append((i, try ScenarioRun(scenario: scenario, model: model, stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay), inputs))
      } catch let error as ScenarioError {
        issues += error.issues.map { var x = $0; x.message += " (design point \(i): \(zip(sweep.axes, points[i]).map { "\($0.label)=\($1)" }.joined(separator: ", ")))"; return x }
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }

    let name = runs.first?.run.scenario.name ?? "sweep"
    let suffix = request.shardCount > 1 ? "_shard\(request.shardIndex)of\(request.shardCount)" : ""
    let directory = request.outputDirectory ?? "results/\(name)_sweep\(suffix)"

    // Which points are already done (--resume), or start afresh.
    var kept: [Int: SweepPointManifest] = [:]
    if request.resume {
      kept = try SweepResume.completePoints(
        directory: directory, sweepFile: sweepSource.path, sweepSha: sweepSha,
        expected: runs.map { ($0.index, $0.inputSha) }, perPatient: request.perPatient)
    } else {
      try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(SweepLayout.pointsFolder))
    }
    SweepLayout.removePartials(in: directory)

    BLAS.useSingleThread()
    let designHeader = CSVFormat.line([OutputColumns.designPoint] + sweep.axes.map(\.label))
    let todo = runs.filter { kept[$0.index] == nil }
    let progress = Progress(label: "\(name) sweep", total: todo.reduce(0) { $0 + $1.run.work }, enabled: request.showProgress)
    var nonFinite = kept.values.reduce(0) { $0 + $1.nonFiniteValues }
    for entry in todo {
      let folder = SweepLayout.pointDirectory(directory, entry.index)
      try? FileManager.default.removeItem(atPath: folder)
      let outputs = try RunOutputs(directory: folder, perPatient: request.perPatient, prefixColumns: [OutputColumns.designPoint])
      let files: [Manifest.FileRecord]
      let stats: RunStatistics
      do {
        let design = try StreamingFile(path: (folder as NSString).appendingPathComponent(SweepLayout.designFile))
        outputs.extra.append(design)
        try design.write(designHeader + CSVFormat.line([String(entry.index)] + points[entry.index].map(csvField)))
        stats = try entry.run.run(
          into: outputs, execution: request.threads > 1 ? .threads(request.threads) : .serial, prefix: [String(entry.index)],
          writePatientHeaders: true, progress: progress)
        files = try outputs.commit()
      } catch {
        outputs.discard()
        throw error
      }
      nonFinite += stats.nonFiniteValues
      ScenarioRunner.reportNonFinite(stats)
      // The point's manifest goes last: its presence marks the point complete.
      let pointManifest = SweepPointManifest(
        designPoint: entry.index, sweepSha256: sweepSha, inputSha256: entry.inputSha, version: BoneSimVersion.current,
        nonFiniteValues: stats.nonFiniteValues, files: files)
      try AtomicFile.write(try pointManifest.json(), to: (folder as NSString).appendingPathComponent(RunOutputs.manifestFile))
    }
    progress.finish()

    let files = try SweepAssembly.assemble(
      directory: directory, points: range, files: SweepLayout.csvFiles(perPatient: request.perPatient),
      emptyHeaders: [
        SweepLayout.designFile: designHeader,
        RunOutputs.summaryFile: CSVFormat.line([OutputColumns.designPoint] + OutputColumns.summary),
        RunOutputs.effectsFile: CSVFormat.line([OutputColumns.designPoint] + OutputColumns.effects),
      ])
    let first = runs.first?.run.scenario
    var manifest = try ManifestBuilder.make(
      scenarios: first.map { [($0, base)] } ?? [], model: model.parameters.model, seed: first?.cohort.seed ?? 0,
      patients: first?.cohort.patients ?? 0, threads: request.threads, start: start, files: files, nonFinite: nonFinite,
      command: request.command)
    manifest.sweep = SweepRecord(
      source: sweepSource.path, sha256: sweepSha, scenarioSha256: scenarioSha, designPoints: points.count,
      first: range.lowerBound, end: range.upperBound, shard: "\(request.shardIndex)/\(request.shardCount)",
      perPatient: request.perPatient)
    try AtomicFile.write(try manifest.json(), to: (directory as NSString).appendingPathComponent(RunOutputs.manifestFile))
    return directory
  }

  /// Quotes a design value if it contains a comma or quote (RFC 4180).
  static func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}

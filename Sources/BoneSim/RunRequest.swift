import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// Everything `bonesim run` needs: which scenario, command-line overrides, and where to write.
public struct RunRequest: Sendable {
  public var source: ScenarioSource
  /// Output folder; default `results/<scenario name>`.
  public var outputDirectory: String?
  public var patients: Int?
  public var seed: UInt64?
  public var threads: Int
  public var perPatient: Bool
  public var showProgress: Bool
  public var command: [String]
  /// Largest fraction of patients that may be flagged before the run fails (`--max-failed-fraction`).
  public var maxFailedFraction: Double
  /// Memory to plan with [GB] instead of what the machine reports (`--max-memory`).
  public var maxMemoryGB: Double?
  /// Raised by SIGINT/SIGTERM; polled at every chunk and at each arm's checkpoints (`ScenarioRun.checkpoints`).
  public var stop: StopSignal?
  /// Outputs to write (`--outputs`, replacing the scenario's `outputs:`); nil = the scenario's.
  public var outputs: [String]?
  /// `--parameter-uncertainty`: each patient runs with one member of this ensemble.
  public var parameterEnsemble: ParameterEnsemble?

  public init(
    source: ScenarioSource, outputDirectory: String? = nil, patients: Int? = nil, seed: UInt64? = nil, threads: Int = 1,
    perPatient: Bool = false, showProgress: Bool = false, command: [String] = CommandLine.arguments,
    maxFailedFraction: Double = RunRequest.defaultMaxFailedFraction, maxMemoryGB: Double? = nil, stop: StopSignal? = nil
  ) {
    self.maxFailedFraction = maxFailedFraction
    self.maxMemoryGB = maxMemoryGB
    self.stop = stop
    self.source = source
    self.outputDirectory = outputDirectory
    self.patients = patients
    self.seed = seed
    self.threads = threads
    self.perPatient = perPatient
    self.showProgress = showProgress
    self.command = command
  }

  /// Default `--max-failed-fraction`: one patient in a thousand.
  public static let defaultMaxFailedFraction = 0.001

  /// The scenario with command-line overrides applied (input errors thrown).
  public func scenario() throws -> Scenario {
    var s = try Scenario.decode(yaml: source.text, file: source.path)
    if let patients { s.cohort.patients = patients }
    if let seed { s.cohort.seed = seed }
    if let outputs { s.outputs = OutputSelection.commandLine(outputs) }
    return s
  }
}

/// Runs scenarios with the default model and writes their files.
public enum ScenarioRunner {
  /// Decodes and binds a scenario to the default model without running it.
  @discardableResult
  public static func check(_ source: ScenarioSource) throws -> Scenario {
    try check(Scenario.decode(yaml: source.text, file: source.path))
  }

  /// Binds a decoded scenario to the default model without running it.
  @discardableResult
  public static func check(_ scenario: Scenario) throws -> Scenario {
    let model = try makeDefaultModel()
    _ = try ScenarioRun(scenario: scenario, model: model, stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay)
    return scenario
  }

  /// Runs one scenario; returns the output folder and the manifest.
  @discardableResult
  public static func run(_ request: RunRequest) throws -> (directory: String, manifest: Manifest) {
    let scenario = try request.scenario()
    return try run(scenario, request: request, model: makeDefaultModel())
  }

  /// Runs `scenario` on `model`: refuses if it would not fit in memory, builds every file in
  /// a staging folder (manifest.json last) and renames the folder into place (StagedDirectory),
  /// so a failure, SIGINT/SIGTERM or SIGKILL never leaves a file that looks complete.
  public static func run<M: ScenarioModel>(_ scenario: Scenario, request: RunRequest, model: M) throws -> (directory: String, manifest: Manifest) {
    let start = Date()
    let run = try ScenarioRun(
      scenario: scenario, model: model, stepper: defaultStepper, substepsPerDay: defaultSubstepsPerDay, ensemble: request.parameterEnsemble)
    let estimate = run.memoryEstimate(perPatient: request.perPatient, overrideGB: request.maxMemoryGB)
    guard estimate.fits else { throw RunError.insufficientMemory(estimate) }
    BLAS.useSingleThread()
    let directory = request.outputDirectory ?? "results/\(scenario.name)"
    let staged = try StagedDirectory(target: directory, ownedNames: RunOutputs.allFiles)
    let outputs: RunOutputs
    do {
      outputs = try RunOutputs(directory: directory, perPatient: request.perPatient, writeDirectory: staged.staging)
    } catch {
      staged.discard()
      throw error
    }
    let progress = Progress(label: scenario.name, total: run.work, enabled: request.showProgress)
    let stats: RunStatistics
    var manifest: Manifest
    do {
      stats = try run.run(
        into: outputs, execution: request.threads > 1 ? .threads(request.threads) : .serial, progress: progress,
        maxFailedFraction: request.maxFailedFraction, stop: request.stop)
      progress.finish()
      if !stats.failedPatients.isEmpty { try outputs.addFailedPatients(stats.failedPatients) }
      let files = try outputs.commit()
      manifest = try ManifestBuilder.make(
        scenarios: [(scenario, request.source)], model: model.parameters.model, seed: scenario.cohort.seed,
        patients: scenario.cohort.patients, threads: request.threads, start: start, files: files,
        nonFinite: stats.nonFiniteValues, command: request.command, failedPatients: stats.failedPatientCount,
        maxFailedFraction: request.maxFailedFraction, columns: outputs.columns)
      manifest.exposureFlags = run.exposureFlags(stats)
      manifest.intervalStatistics = run.intervalStatisticRecords
      manifest.scoreReferences = run.scoreReferenceRecords
      manifest.phaseSeconds = stats.phases.dictionary
      manifest.memoryEstimateBytes = estimate.bytes.rounded()
      manifest.workerThreads = stats.workerThreads
      manifest.parameterEnsemble = request.parameterEnsemble.map(EnsembleRecord.init)
      try staged.publish(manifest: manifest, directory: directory, stop: request.stop)
    } catch {
      progress.abandon()
      outputs.discard()
      staged.discard()
      throw error
    }
    reportFailed(stats, directory: directory)
    reportExposure(manifest.exposureFlags ?? [])
    return (directory, manifest)
  }

  /// One line on stderr when patients were flagged (the run still succeeded).
  static func reportFailed(_ stats: RunStatistics, directory: String) {
    guard let first = stats.failedPatients.first else { return }
    let text =
      "warning: \(stats.failedPatientCount) patient\(stats.failedPatientCount == 1 ? "" : "s") left their physiological bounds and \(stats.failedPatientCount == 1 ? "is" : "are") excluded from every arm's summaries and effects (first: \(first.description)); see \(PathName.join(directory, FailedPatient.fileName))\n"
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// One warning line per exposure limit exceeded in some arm (the run still succeeded).
  static func reportExposure(_ flags: [ExposureFlag]) {
    for line in flags.compactMap(\.warning) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
  }

  static func reportNonFinite(_ stats: RunStatistics) {
    guard stats.nonFiniteValues > 0 else { return }
    let text = "warning: \(stats.nonFiniteValues) output values were not finite and are excluded from the statistics (n counts finite values), e.g. \(stats.nonFiniteExamples.joined(separator: "; "))\n"
    FileHandle.standardError.write(Data(text.utf8))
  }
}

/// Builds `manifest.json` records.
public enum ManifestBuilder {
  static func make(
    scenarios: [(Scenario, ScenarioSource)], model: String, seed: UInt64, patients: Int, threads: Int, start: Date,
    files: [Manifest.FileRecord], nonFinite: Int, command: [String], failedPatients: Int? = nil,
    maxFailedFraction: Double? = nil, columns: [String: [OutputColumn]]? = nil
  ) throws -> Manifest {
    let end = Date()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let records = try scenarios.map { (s, src) -> Manifest.ScenarioRecord in
      let resolved = String(decoding: try encoder.encode(s), as: UTF8.self)
      return Manifest.ScenarioRecord(
        name: s.name, source: src.path, sourceSha256: sha256Hex(Data(src.text.utf8)), resolved: resolved,
        resolvedSha256: sha256Hex(Data(resolved.utf8)))
    }
    let iso = ISO8601DateFormatter()
    var manifest = Manifest(
      tool: .init(name: "bonesim", version: BoneSimVersion.current, gitCommit: BuildCommit.current), scenarios: records,
      model: model, seed: seed, patients: patients, threads: threads,
      blas: .init(build: BLAS.configuration, core: BLAS.coreName), startTime: iso.string(from: start),
      endTime: iso.string(from: end), wallSeconds: end.timeIntervalSince(start), nonFiniteValues: nonFinite, files: files,
      command: command)
    manifest.failedPatients = failedPatients
    manifest.maxFailedFraction = maxFailedFraction
    manifest.columns = columns
    return manifest
  }
}

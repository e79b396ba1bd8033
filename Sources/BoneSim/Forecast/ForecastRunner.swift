import BoneSimCore
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// Everything `bonesim forecast` needs.
public struct ForecastRequest: Sendable {
  /// The patient file's path and text.
  public var patientPath: String
  public var patientText: String
  public var protocols: ScenarioSource
  /// Default `results/forecast/<patient name>`.
  public var outputDirectory: String?
  public var twins: Int
  public var seed: UInt64
  public var threads: Int
  /// Spacing of forecast days [day].
  public var intervalDays: Int
  /// Refuse when fewer twins' worth of weight remain after conditioning.
  public var minimumEffectiveSize: Double
  public var stop: StopSignal?
  public var command: [String]
  /// `--parameter-uncertainty`: each twin runs with one member of this ensemble.
  public var parameterEnsemble: ParameterEnsemble?
  /// Memory to plan with [GB] instead of what the machine reports (`--max-memory`).
  public var maxMemoryGB: Double?

  public static let defaultTwins = 2000
  public static let defaultMinimumEffectiveSize = 20.0

  public init(
    patientPath: String, patientText: String, protocols: ScenarioSource, outputDirectory: String? = nil,
    twins: Int = ForecastRequest.defaultTwins, seed: UInt64 = 1, threads: Int = 1, intervalDays: Int = 30,
    minimumEffectiveSize: Double = ForecastRequest.defaultMinimumEffectiveSize, stop: StopSignal? = nil,
    command: [String] = CommandLine.arguments, parameterEnsemble: ParameterEnsemble? = nil, maxMemoryGB: Double? = nil
  ) {
    self.parameterEnsemble = parameterEnsemble
    self.maxMemoryGB = maxMemoryGB
    self.patientPath = patientPath
    self.patientText = patientText
    self.protocols = protocols
    self.outputDirectory = outputDirectory
    self.twins = twins
    self.seed = seed
    self.threads = threads
    self.intervalDays = intervalDays
    self.minimumEffectiveSize = minimumEffectiveSize
    self.stop = stop
    self.command = command
  }

  /// Reads a patient file (input errors name the path).
  public static func readPatientFile(_ path: String) throws -> String {
    func refuse(_ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(SourcePosition(file: path, line: 1, column: 1), field: "", message)])
    }
    if let problem = ScenarioSource.notAScenarioFile(path) {
      throw refuse(problem.replacingOccurrences(of: "a scenario file", with: "a patient file"))
    }
    guard FileManager.default.fileExists(atPath: path), let data = FileManager.default.contents(atPath: path) else {
      throw refuse("no such patient file (docs/FORECAST.md shows one)")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw refuse("the file is not UTF-8 text") }
    return text
  }

  /// The design: her record and the protocols, decoded and checked (input errors thrown).
  /// - Parameter extraPatients: synthetic women simulated after the twins (coverage checks).
  public func design(extraPatients: Int = 0) throws -> ForecastDesign {
    let patient = try PatientRecord.decode(yaml: patientText, file: patientPath)
    let protocols = try Scenario.decode(yaml: self.protocols.text, file: self.protocols.path)
    let model = try makeDefaultModel()
    let design = try ForecastDesign(
      patient: patient, protocols: protocols, inputs: model.inputs, twins: twins + extraPatients, seed: seed, intervalDays: intervalDays)
    // Binds the twins' trial to the model: unknown inputs, ranges, history (input errors).
    try ScenarioRunner.check(design.scenario)
    return design
  }
}

/// Runs forecasts and writes `forecast.csv` and `manifest.json`.
public enum ForecastRunner {
  public static let csvFile = "forecast.csv"

  /// Forecasts and publishes the folder (staged: nothing appears unless complete); refuses
  /// (`RunError.insufficientMemory`, nothing written) when it would not fit in memory.
  @discardableResult
  public static func run(_ request: ForecastRequest) throws -> (directory: String, forecast: Forecast) {
    let start = Date()
    let design = try request.design()
    let forecast = try Forecast.make(
      design, threads: request.threads, minimumEffectiveSize: request.minimumEffectiveSize, ensemble: request.parameterEnsemble,
      maxMemoryGB: request.maxMemoryGB, stop: request.stop)
    let directory = request.outputDirectory ?? "results/forecast/\(design.patient.name)"
    let staged = try StagedDirectory(target: directory, ownedNames: [csvFile, RunOutputs.manifestFile])
    do {
      let file = try RunOutputs.open(csvFile, in: staged.staging, reportedIn: directory)
      try file.write(forecast.csv())
      try file.commit()
      let record = Manifest.FileRecord(path: csvFile, rows: max(file.lines - 1, 0), bytes: file.bytes, sha256: file.sha256)
      let model = try makeDefaultModel()
      var manifest = try ManifestBuilder.make(
        scenarios: [(design.scenario, request.protocols)], model: model.parameters.model, seed: request.seed,
        patients: request.twins, threads: request.threads, start: start, files: [record], nonFinite: 0, command: request.command,
        columns: [csvFile: Forecast.columns])
      manifest.parameterEnsemble = request.parameterEnsemble.map(EnsembleRecord.init)
      manifest.memoryEstimateBytes = forecast.trajectories.memoryEstimateBytes
      let patient = design.patient
      manifest.forecast = ForecastRecord(
        patientFile: request.patientPath, patientSha256: sha256Hex(Data(request.patientText.utf8)), asOf: patient.asOf.description,
        twins: request.twins, flaggedTwins: forecast.trajectories.flagged, effectiveSampleSize: forecast.conditioning.effectiveSize,
        minimumEffectiveSampleSize: request.minimumEffectiveSize,
        groups: forecast.conditioning.groups.map { .init(name: $0.name, observations: $0.observations, effectiveSampleSize: $0.effectiveSize) },
        observations: patient.dxa.map { .init(date: $0.date.description, kind: "dxa", name: $0.site.rawValue, value: $0.bmd, unit: "g/cm2", tScore: $0.tScore) }
          + patient.labs.map {
            .init(date: $0.date.description, kind: "lab", name: $0.analyte.rawValue, value: $0.value, unit: $0.analyte.canonicalUnit, tScore: nil)
          },
        tScoreReferences: Dictionary(
          uniqueKeysWithValues: patient.tScoreReference.map { ($0.key.rawValue, "\($0.value.mean) ± \($0.value.sd) g/cm2 (\($0.value.name))") }),
        dxaPrecision: Dictionary(uniqueKeysWithValues: DXASite.allCases.map { ($0.rawValue, patient.dxaPrecision[$0] ?? $0.defaultPrecision) }))
      if !patient.zScoreReference.isEmpty {
        manifest.forecast?.zScoreReferences = Dictionary(
          uniqueKeysWithValues: patient.zScoreReference.map { ($0.key.rawValue, BMDScore.describe(ageMatched: $0.value)) })
      }
      try staged.publish(manifest: manifest, directory: directory, stop: request.stop)
    } catch {
      staged.discard()
      throw error
    }
    return (directory, forecast)
  }
}

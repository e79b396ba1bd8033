import Foundation

/// `manifest.json`: what produced a run's files, exactly (DESIGN.md §3).
public struct Manifest: Codable, Sendable {
  public struct Tool: Codable, Sendable {
    public var name: String
    public var version: String
    /// Commit of the BoneSim checkout the executable was built in (`+modified` when its
    /// tracked files differ), or "unknown" (BuildCommit).
    public var gitCommit: String
    public init(name: String, version: String, gitCommit: String) {
      self.name = name
      self.version = version
      self.gitCommit = gitCommit
    }
  }

  public struct ScenarioRecord: Codable, Sendable {
    public var name: String
    /// File the scenario came from.
    public var source: String
    /// SHA-256 of the file's bytes.
    public var sourceSha256: String
    /// The scenario after defaults and command-line overrides, as JSON.
    public var resolved: String
    /// SHA-256 of `resolved`.
    public var resolvedSha256: String
    public init(name: String, source: String, sourceSha256: String, resolved: String, resolvedSha256: String) {
      self.name = name
      self.source = source
      self.sourceSha256 = sourceSha256
      self.resolved = resolved
      self.resolvedSha256 = resolvedSha256
    }
  }

  public struct FileRecord: Codable, Sendable {
    public var path: String
    /// Data rows (header excluded).
    public var rows: Int
    public var bytes: Int
    public var sha256: String
    public init(path: String, rows: Int, bytes: Int, sha256: String) {
      self.path = path
      self.rows = rows
      self.bytes = bytes
      self.sha256 = sha256
    }
  }

  public struct BLASRecord: Codable, Sendable {
    public var build: String
    public var core: String
    public init(build: String, core: String) {
      self.build = build
      self.core = core
    }
  }

  public var tool: Tool
  public var scenarios: [ScenarioRecord]
  public var model: String
  public var seed: UInt64
  public var patients: Int
  public var threads: Int
  public var blas: BLASRecord
  /// ISO 8601, UTC.
  public var startTime: String
  public var endTime: String
  public var wallSeconds: Double
  /// Patient × arm × day outputs that were not finite (excluded from statistics).
  public var nonFiniteValues: Int
  public var files: [FileRecord]
  public var command: [String]
  /// Patients flagged for leaving their physiological bounds (excluded from summaries and
  /// effects; listed in failed_patients.csv). Absent in manifests written before it existed.
  public var failedPatients: Int?
  /// The `--max-failed-fraction` the run was allowed.
  public var maxFailedFraction: Double?
  /// Every CSV's columns by file name (`summary.csv` → name, type, unit, description), in
  /// header order; absent in manifests written before it existed.
  public var columns: [String: [OutputColumn]]?
  /// Sweeps only: which sweep and which design points (absent for `bonesim run`).
  public var sweep: SweepRecord? = nil
  /// Serum levels outside the physiological range for women, counted per arm (patients above
  /// the limit at some output day); absent in manifests written before it existed.
  public var exposureFlags: [ExposureFlag]? = nil
  /// Dosing-interval statistics written (trough, mean over the interval, AUC) and the window
  /// each reads; absent when none was selected.
  public var intervalStatistics: [IntervalStatisticRecord]? = nil
  /// T- and Z-score outputs written (`t_score.lumbar_spine`, …) and the reference each reads;
  /// absent when none was selected.
  public var scoreReferences: [String: String]? = nil
  /// Wall time per phase of the run [s] (initialState, history, stepping, outputs, screening,
  /// summaries, writing; docs/PERFORMANCE.md); absent in older manifests.
  public var phaseSeconds: [String: Double]? = nil
  /// Peak memory estimated before the run [bytes] (the largest design point's in a sweep;
  /// docs/OUTPUTS.md, "Memory"); absent in older manifests.
  public var memoryEstimateBytes: Double? = nil
  /// The most distinct threads that stepped the cohort together (one segment between output
  /// days), as measured: `threads`, unless every chunk has fewer blocks of patients; absent in
  /// sweeps, forecasts and older manifests.
  public var workerThreads: Int? = nil
  /// `--parameter-uncertainty`: the ensemble each patient drew a member from; absent otherwise.
  public var parameterEnsemble: EnsembleRecord? = nil
  /// `bonesim forecast` only: the patient file and how her data weighted the twins.
  public var forecast: ForecastRecord? = nil

  public init(
    tool: Tool, scenarios: [ScenarioRecord], model: String, seed: UInt64, patients: Int, threads: Int,
    blas: BLASRecord, startTime: String, endTime: String, wallSeconds: Double, nonFiniteValues: Int,
    files: [FileRecord], command: [String], columns: [String: [OutputColumn]]? = nil
  ) {
    self.tool = tool
    self.scenarios = scenarios
    self.model = model
    self.seed = seed
    self.patients = patients
    self.threads = threads
    self.blas = blas
    self.startTime = startTime
    self.endTime = endTime
    self.wallSeconds = wallSeconds
    self.nonFiniteValues = nonFiniteValues
    self.files = files
    self.command = command
    self.columns = columns
  }

  /// Pretty, key-sorted JSON with a final newline.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}

/// Patients of each arm with an output above a physiological limit at some output day.
public struct ExposureFlag: Codable, Sendable, Equatable {
  public struct ArmCount: Codable, Sendable, Equatable {
    public var arm: String
    /// Patients above `upper` at one output day or more.
    public var patientsAbove: Int
    /// Patients of the arm.
    public var patients: Int
    /// Highest value seen in the arm (finite values), or nil.
    public var highest: Double?
    public init(arm: String, patientsAbove: Int, patients: Int, highest: Double?) {
      self.arm = arm
      self.patientsAbove = patientsAbove
      self.patients = patients
      self.highest = highest
    }
  }

  /// Output, e.g. `testosterone.systemic`.
  public var output: String
  public var label: String
  public var unit: String
  public var upper: Double
  public var source: String
  public var arms: [ArmCount]

  public init(output: String, label: String, unit: String, upper: Double, source: String, arms: [ArmCount]) {
    self.output = output
    self.label = label
    self.unit = unit
    self.upper = upper
    self.source = source
    self.arms = arms
  }
}

/// A dosing-interval statistic a run wrote, and the days it reads: `windowDays` days ending at
/// each output day (cut at day 0).
public struct IntervalStatisticRecord: Codable, Sendable, Equatable {
  /// Output as in patients.csv headers, e.g. `estradiol_trough.systemic`.
  public var output: String
  public var unit: String
  /// [day]
  public var windowDays: Int

  public init(output: String, unit: String, windowDays: Int) {
    self.output = output
    self.unit = unit
    self.windowDays = windowDays
  }
}

/// What a forecast conditioned on, in its manifest.
public struct ForecastRecord: Codable, Sendable {
  public struct Group: Codable, Sendable {
    public var name: String
    public var observations: Int
    public var effectiveSampleSize: Double
    public init(name: String, observations: Int, effectiveSampleSize: Double) {
      self.name = name
      self.observations = observations
      self.effectiveSampleSize = effectiveSampleSize
    }
  }
  /// One of her records, as the forecast used it.
  public struct ObservationRecord: Codable, Sendable {
    public var date: String
    /// `dxa` or `lab`.
    public var kind: String
    /// Site (DXA: lumbar_spine, femoral_neck) or analyte (estradiol, testosterone, ctx, p1np).
    public var name: String
    public var value: Double
    public var unit: String
    /// The T-score as written (DXA given as T-scores).
    public var tScore: Double?
    public init(date: String, kind: String, name: String, value: Double, unit: String, tScore: Double?) {
      self.date = date
      self.kind = kind
      self.name = name
      self.value = value
      self.unit = unit
      self.tScore = tScore
    }
  }
  public var patientFile: String
  public var patientSha256: String
  public var asOf: String
  public var twins: Int
  /// Twins that left their physiological bounds (weight 0).
  public var flaggedTwins: Int
  public var effectiveSampleSize: Double
  public var minimumEffectiveSampleSize: Double
  public var groups: [Group]
  public var observations: [ObservationRecord]
  /// Per site: `mean ± sd g/cm2 (database)`.
  public var tScoreReferences: [String: String]
  /// Age-matched references of the `z_score` rows, by site (absent when the patient file gives none).
  public var zScoreReferences: [String: String]? = nil
  /// Per site: precision error of one scan (CV, fraction).
  public var dxaPrecision: [String: Double]
  public init(
    patientFile: String, patientSha256: String, asOf: String, twins: Int, flaggedTwins: Int, effectiveSampleSize: Double,
    minimumEffectiveSampleSize: Double, groups: [Group], observations: [ObservationRecord], tScoreReferences: [String: String],
    dxaPrecision: [String: Double]
  ) {
    self.patientFile = patientFile
    self.patientSha256 = patientSha256
    self.asOf = asOf
    self.twins = twins
    self.flaggedTwins = flaggedTwins
    self.effectiveSampleSize = effectiveSampleSize
    self.minimumEffectiveSampleSize = minimumEffectiveSampleSize
    self.groups = groups
    self.observations = observations
    self.tScoreReferences = tScoreReferences
    self.dxaPrecision = dxaPrecision
  }
}

/// The parameter ensemble of a `--parameter-uncertainty` run, in its manifest.
public struct EnsembleRecord: Codable, Sendable {
  public var file: String
  public var sha256: String
  public var members: Int
  /// The parameters the members set (every other keeps its table value).
  public var parameters: [String]
  public init(file: String, sha256: String, members: Int, parameters: [String]) {
    self.file = file
    self.sha256 = sha256
    self.members = members
    self.parameters = parameters
  }
}

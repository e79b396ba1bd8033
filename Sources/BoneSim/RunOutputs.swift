import BoneSimIO
import Foundation

/// The CSV files of one `bonesim run` or `sweep`, open under temporary names until `commit`.
public final class RunOutputs {
  public let directory: String
  /// Where the files are written until the run publishes them (`directory` itself when the
  /// caller renames files in place, as sweeps do).
  public let writeDirectory: String
  public let summary: StreamingFile
  public let effects: StreamingFile
  public let patients: StreamingFile?
  public let covariates: StreamingFile?
  /// Extra files (a sweep's design.csv).
  public var extra: [StreamingFile] = []
  /// Leading columns of every row (`design_point` in sweeps).
  public let prefixColumns: [String]
  /// Columns of every file whose header has been written, by file name (manifest `columns`).
  public private(set) var columns: [String: [OutputColumn]] = [:]

  public static let summaryFile = "summary.csv"
  public static let effectsFile = "effects.csv"
  public static let patientsFile = "patients.csv"
  public static let covariatesFile = "patients_covariates.csv"
  public static let manifestFile = "manifest.json"

  /// Every file name a run or sweep may write.
  public static let allFiles: Set<String> = [
    summaryFile, effectsFile, patientsFile, covariatesFile, manifestFile, FailedPatient.fileName, "design.csv",
  ]

  /// Opens the files in `writeDirectory` (default `directory`); errors name the file under
  /// `directory`. The per-patient headers are written by the run (they depend on the model).
  public init(directory: String, perPatient: Bool, prefixColumns: [String] = [], writeDirectory: String? = nil) throws {
    self.directory = directory
    self.writeDirectory = writeDirectory ?? directory
    self.prefixColumns = prefixColumns
    summary = try Self.open(Self.summaryFile, in: self.writeDirectory, reportedIn: directory)
    effects = try Self.open(Self.effectsFile, in: self.writeDirectory, reportedIn: directory)
    patients = perPatient ? try Self.open(Self.patientsFile, in: self.writeDirectory, reportedIn: directory) : nil
    covariates = perPatient ? try Self.open(Self.covariatesFile, in: self.writeDirectory, reportedIn: directory) : nil
    try writeHeader(summary, prefixOutputColumns + OutputColumns.summaryColumns)
    try writeHeader(effects, prefixOutputColumns + OutputColumns.effectsColumns)
  }

  /// The leading columns as the manifest describes them.
  var prefixOutputColumns: [OutputColumn] {
    prefixColumns.map {
      $0 == OutputColumns.designPoint ? OutputColumns.designPointColumn : OutputColumn($0, .string, unit: nil, "leading column of every row")
    }
  }

  /// Writes `file`'s header line from `columns` and records them for the manifest.
  public func writeHeader(_ file: StreamingFile, _ columns: [OutputColumn]) throws {
    try file.write(CSVFormat.line(columns.map(\.name)))
    self.columns[PathName.lastComponent(file.path)] = columns
  }

  /// A streaming file `name` in `folder`, named in errors as if in `reportedIn`.
  public static func open(_ name: String, in folder: String, reportedIn: String) throws -> StreamingFile {
    try StreamingFile(
      path: PathName.join(folder, name), reportedPath: PathName.join(reportedIn, name))
  }

  /// Adds `failed_patients.csv` (only called when some patients failed).
  public func addFailedPatients(_ records: [FailedPatient]) throws {
    let file = try Self.open(FailedPatient.fileName, in: writeDirectory, reportedIn: directory)
    extra.append(file)
    try writeHeader(file, prefixOutputColumns + FailedPatient.columns)
    var text = ""
    for r in records { text += r.csvLine }
    try file.write(text)
  }

  var all: [StreamingFile] { [summary, effects] + [patients, covariates].compactMap { $0 } + extra }

  /// Renames every file into place and returns their manifest records (paths relative to
  /// the directory).
  public func commit() throws -> [Manifest.FileRecord] {
    for f in all { try f.commit() }
    return all.map {
      Manifest.FileRecord(
        path: PathName.lastComponent($0.path), rows: max($0.lines - 1, 0), bytes: $0.bytes, sha256: $0.sha256)
    }
  }

  /// Removes every temporary file (after a failure).
  public func discard() { for f in all { f.discard() } }
}

extension StagedDirectory {
  /// Writes `manifest.json` into the staging folder (last, so a folder with a manifest is
  /// complete) and renames the folder into place at `directory`, unless `stop` was raised
  /// while the files were written.
  func publish(manifest: Manifest, directory: String, stop: StopSignal?) throws {
    try AtomicFile.write(
      try manifest.json(), to: PathName.join(staging, RunOutputs.manifestFile),
      reportedPath: PathName.join(directory, RunOutputs.manifestFile))
    // A signal that came while the files were written still stops the run.
    try stop?.check("the end, before publishing \(directory)")
    try publish()
  }
}

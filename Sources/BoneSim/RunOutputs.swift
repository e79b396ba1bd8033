import BoneSimIO
import Foundation

/// The CSV files of one `bonesim run` or `sweep`, open under temporary names until `commit`.
public final class RunOutputs {
  public let directory: String
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

  /// Opens the files; the per-patient headers are written by the run (they depend on the model).
  public init(directory: String, perPatient: Bool, prefixColumns: [String] = []) throws {
    self.directory = directory
    self.prefixColumns = prefixColumns
    func path(_ f: String) -> String { (directory as NSString).appendingPathComponent(f) }
    summary = try StreamingFile(path: path(Self.summaryFile))
    effects = try StreamingFile(path: path(Self.effectsFile))
    patients = perPatient ? try StreamingFile(path: path(Self.patientsFile)) : nil
    covariates = perPatient ? try StreamingFile(path: path(Self.covariatesFile)) : nil
    let prefix = prefixColumns.map { $0 == OutputColumns.designPoint ? OutputColumns.designPointColumn : OutputColumn($0, .string, unit: nil, "leading column of every row") }
    try writeHeader(summary, prefix + OutputColumns.summaryColumns)
    try writeHeader(effects, prefix + OutputColumns.effectsColumns)
  }

  /// Writes `file`'s header line from `columns` and records them for the manifest.
  public func writeHeader(_ file: StreamingFile, _ columns: [OutputColumn]) throws {
    try file.write(CSVFormat.line(columns.map(\.name)))
    self.columns[(file.path as NSString).lastPathComponent] = columns
  }

  var all: [StreamingFile] { [summary, effects] + [patients, covariates].compactMap { $0 } + extra }

  /// Renames every file into place and returns their manifest records (paths relative to
  /// the directory).
  public func commit() throws -> [Manifest.FileRecord] {
    for f in all { try f.commit() }
    return all.map {
      Manifest.FileRecord(
        path: ($0.path as NSString).lastPathComponent, rows: max($0.lines - 1, 0), bytes: $0.bytes, sha256: $0.sha256)
    }
  }

  /// Removes every temporary file (after a failure).
  public func discard() { for f in all { f.discard() } }
}

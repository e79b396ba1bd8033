import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// Finds and reads the parameter ensemble of `--parameter-uncertainty`.
public enum ParameterEnsembleFile {
  /// The ensemble shipped with BoneSim, relative to its package root.
  public static let defaultPath = "validation/ensemble/parameter_ensemble.csv"

  /// Reads `path`, or the shipped ensemble (from the current folder, else the package the
  /// executable was built in), and checks it against the default model's parameters.
  public static func load(_ path: String?) throws -> ParameterEnsemble {
    let candidates: [String]
    if let path {
      candidates = [path]
    } else {
      var list = [defaultPath]
      var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
      for _ in 0..<4 {
        list.append(dir.appendingPathComponent(defaultPath).path)
        dir = dir.deletingLastPathComponent()
      }
      candidates = list
    }
    guard let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }),
      let data = FileManager.default.contents(atPath: found), let text = String(data: data, encoding: .utf8)
    else {
      throw ScenarioError([
        ScenarioIssue(
          SourcePosition(file: path ?? defaultPath, line: 1, column: 1), field: "--parameter-uncertainty",
          "cannot read the parameter ensemble\(path == nil ? " (run from the BoneSim folder, or give --ensemble FILE)" : "")")
      ])
    }
    do {
      let ensemble = try ParameterEnsemble(csv: text, source: found, sha256: sha256Hex(data))
      let table = try makeDefaultModel().parameters
      try ensemble.check(against: table)
      try checkProvenance(beside: found, against: table)
      return ensemble
    } catch let error as ParameterEnsembleError {
      throw ScenarioError([ScenarioIssue(SourcePosition(file: error.file, line: error.line, column: 1), field: "ensemble", error.message)])
    }
  }

  /// An ensemble is drawn around the table values it was fitted from (`provenance.json` beside
  /// it, written by tools/calibrate/ensemble.py, records them). When the model's table values
  /// have moved since — a recalibration — its members no longer fit the evidence: refuse it
  /// rather than run patients with parameter sets from another calibration. Ensembles without
  /// a provenance file (a user's own) are not checked.
  static func checkProvenance(beside csvPath: String, against table: ParameterTable) throws {
    let folder = (csvPath as NSString).deletingLastPathComponent
    let path = folder.isEmpty ? "provenance.json" : folder + "/provenance.json"
    guard let data = FileManager.default.contents(atPath: path) else { return }
    let provenance: Provenance
    do {
      provenance = try JSONDecoder().decode(Provenance.self, from: data)
    } catch {
      throw provenanceError(path, "provenance.json needs an object free_parameters giving each parameter a numeric table_value")
    }
    var moved: [String] = []
    for (name, entry) in provenance.free_parameters.sorted(by: { $0.key < $1.key }) {
      guard table.entry(name) != nil else {
        moved.append("\(name) (no longer a parameter)")
        continue
      }
      let now = table[name], built = entry.table_value
      if abs(now - built) > 1e-9 * max(abs(now), abs(built)) { moved.append("\(name) \(built) → \(now)") }
    }
    guard moved.isEmpty else {
      let shown = moved.prefix(3).joined(separator: ", ") + (moved.count > 3 ? ", … (\(moved.count) in all)" : "")
      throw provenanceError(
        path,
        "the ensemble was drawn around other table values than this model's (\(shown)): its members belong to an earlier calibration; rebuild it with `make ensemble` (docs/MODEL.md §2.13) or give another ensemble with --ensemble FILE")
    }
  }

  /// The part of tools/calibrate/ensemble.py's provenance.json that the check reads.
  struct Provenance: Decodable {
    struct Entry: Decodable { let table_value: Double }
    let free_parameters: [String: Entry]
  }

  static func provenanceError(_ path: String, _ message: String) -> ScenarioError {
    ScenarioError([ScenarioIssue(SourcePosition(file: path, line: 1, column: 1), field: "ensemble", message)])
  }
}

extension EnsembleRecord {
  public init(_ e: ParameterEnsemble) {
    self.init(file: e.source, sha256: e.sha256, members: e.count, parameters: e.names)
  }
}

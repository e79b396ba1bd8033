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
      try ensemble.check(against: try makeDefaultModel().parameters)
      return ensemble
    } catch let error as ParameterEnsembleError {
      throw ScenarioError([ScenarioIssue(SourcePosition(file: error.file, line: error.line, column: 1), field: "ensemble", error.message)])
    }
  }
}

extension EnsembleRecord {
  public init(_ e: ParameterEnsemble) {
    self.init(file: e.source, sha256: e.sha256, members: e.count, parameters: e.names)
  }
}

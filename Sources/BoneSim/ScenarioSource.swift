import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario
import Foundation

/// A scenario file's text and where it came from: a path, or the name of a standard scenario.
public struct ScenarioSource: Sendable {
  public let path: String
  public let text: String

  /// Environment variable naming the folder of standard scenarios (overrides the search).
  public static let environmentVariable = "BONESIM_SCENARIOS"
  public static let fileExtension = "yaml"

  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }

  /// Reads `argument` as a file if it names one (or ends in .yaml/.yml), else as the name of a
  /// standard scenario in `standardDirectory()`.
  public static func resolve(_ argument: String) throws -> ScenarioSource {
    if argument.lowercased().hasSuffix(".toml") {
      throw ScenarioError([
        ScenarioIssue(
          SourcePosition(file: argument, line: 1, column: 1), field: "",
          "TOML is not read: scenario and sweep files are YAML (.yaml); write the same keys in YAML (docs/SCENARIOS.md)")
      ])
    }
    let looksLikePath = argument.contains("/") || argument.hasSuffix(".yaml") || argument.hasSuffix(".yml")
    var path = argument
    if !looksLikePath || !FileManager.default.fileExists(atPath: argument) {
      if !looksLikePath, let dir = standardDirectory() {
        path = PathName.join(dir, "\(argument).\(fileExtension)")
      }
    }
    if let problem = Self.notAScenarioFile(path) {
      throw ScenarioError([ScenarioIssue(SourcePosition(file: path, line: 1, column: 1), field: "", problem)])
    }
    guard FileManager.default.fileExists(atPath: path), let data = FileManager.default.contents(atPath: path) else {
      let known = standardNames()
      let suggestion = looksLikePath ? nil : nearestSpelling(of: argument, in: known)
      let hint =
        suggestion.map { " (did you mean '\($0)'?)" }
        ?? (known.isEmpty ? "" : "; standard scenarios: \(known.joined(separator: ", "))")
      throw ScenarioError([
        ScenarioIssue(SourcePosition(file: argument, line: 1, column: 1), field: "", "no such file or standard scenario\(hint)")
      ])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ScenarioError([ScenarioIssue(SourcePosition(file: path, line: 1, column: 1), field: "", "the file is not UTF-8 text")])
    }
    return ScenarioSource(path: path, text: text)
  }

  /// Why `path`, which exists, cannot be read as a scenario file (a folder, a FIFO or device,
  /// no permission); nil when it is a readable regular file or does not exist. A FIFO is refused
  /// rather than read: reading it would wait for a writer.
  static func notAScenarioFile(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return "is a folder; give a scenario file (.yaml) or a standard scenario's name"
    case S_IFREG:
      return access(path, R_OK) == 0 ? nil : "cannot be read: \(String(cString: strerror(EACCES)))"
    default: return "is not a regular file (a FIFO, socket or device); give a scenario file (.yaml)"
    }
  }

  /// The folder of standard scenarios: `$BONESIM_SCENARIOS`, else `./scenarios`, else
  /// `scenarios/` beside the package the executable was built in (`.build*/<config>/bonesim`).
  public static func standardDirectory() -> String? {
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment[environmentVariable] { candidates.append(env) }
    candidates.append("scenarios")
    let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(dir.appendingPathComponent("scenarios").path)
      dir = dir.deletingLastPathComponent()
    }
    var isDirectory: ObjCBool = false
    return candidates.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
  }

  /// Names of the standard scenarios (files `*.yaml` in `standardDirectory()`), sorted.
  public static func standardNames() -> [String] {
    guard let dir = standardDirectory(), let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
    return files.filter { $0.hasSuffix(".\(fileExtension)") }.map { String($0.dropLast(fileExtension.count + 1)) }.sorted()
  }
}

import Foundation

/// One folder of the error catalogue (`Tests/Fixtures/errors/<slug>/`, format in its README):
/// what the user did, the `bonesim` command, the exit code and the exact standard error.
struct ErrorCase: CustomStringConvertible, Sendable {
  /// Folder holding the cases, relative to the package root.
  static let folder = "Tests/Fixtures/errors"

  let slug: String
  let title: String
  /// Arguments with `{case}` and `{out}` still in them.
  let command: [String]
  let exitCode: Int32
  /// Expected standard error with `{case}` and `{out}` still in it.
  let stderr: String
  /// `runner: custom`: a dedicated test runs this case; the generic runner skips it.
  let custom: Bool

  /// The folder relative to the package root (what `{case}` stands for).
  var directory: String { "\(Self.folder)/\(slug)" }

  var description: String { slug }

  /// Every case folder, sorted by slug.
  static func all() throws -> [ErrorCase] {
    let root = packageRoot.appendingPathComponent(folder).path
    let slugs = try FileManager.default.contentsOfDirectory(atPath: root).filter {
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: "\(root)/\($0)", isDirectory: &isDirectory) && isDirectory.boolValue
    }
    return try slugs.sorted().map(load)
  }

  static func load(_ slug: String) throws -> ErrorCase {
    let dir = packageRoot.appendingPathComponent("\(folder)/\(slug)")
    let text = try String(contentsOf: dir.appendingPathComponent("case.txt"), encoding: .utf8)
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
      guard let colon = line.firstIndex(of: ":") else { throw Malformed(slug: slug, line: String(line)) }
      fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    guard let title = fields["title"], let command = fields["command"], let exit = fields["exit"].flatMap({ Int32($0) })
    else { throw Malformed(slug: slug, line: "title, command and exit are required") }
    let stderr = try String(contentsOf: dir.appendingPathComponent("stderr.txt"), encoding: .utf8)
    return ErrorCase(
      slug: slug, title: title, command: command.split(separator: " ").map(String.init), exitCode: exit,
      stderr: stderr, custom: fields["runner"] == "custom")
  }

  /// `text` with the placeholders filled in.
  func substitute(_ text: String, out: String) -> String {
    text.replacingOccurrences(of: "{case}", with: directory).replacingOccurrences(of: "{out}", with: out)
  }

  /// For `run <scenario in this folder> --out {out} [--quiet]`: the scenario, which
  /// `bonesim check` must reject with the same message.
  var checkedScenario: String? {
    guard command.first == "run", command.count >= 2, command[1].hasPrefix("{case}/"), exitCode == 2,
      command.dropFirst(2).allSatisfy({ ["--out", "{out}", "--quiet"].contains($0) })
    else { return nil }
    return command[1]
  }

  struct Malformed: Error, CustomStringConvertible {
    let slug: String
    let line: String
    var description: String { "\(ErrorCase.folder)/\(slug)/case.txt: cannot read '\(line)'" }
  }
}

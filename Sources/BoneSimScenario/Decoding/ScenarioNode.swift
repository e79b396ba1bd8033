import Yams

/// A YAML document as a tree that remembers where each value came from.
///
/// Built from Yams' composed nodes (which carry libyaml marks), so every later error can name
/// file, line and column; sweeps edit this tree (set one field) before decoding it again.
public indirect enum ScenarioNode: Sendable {
  case scalar(String, SourcePosition)
  case sequence([ScenarioNode], SourcePosition)
  /// Keys in file order (YAML mappings are ordered here: arm order is meaningful).
  case mapping([(key: String, keyPosition: SourcePosition, value: ScenarioNode)], SourcePosition)
  case null(SourcePosition)

  public var position: SourcePosition {
    switch self {
    case .scalar(_, let p), .sequence(_, let p), .mapping(_, let p), .null(let p): return p
    }
  }

  /// What the node is, for messages ("a mapping", "a list", "the text '50 mg'").
  public var kindDescription: String {
    switch self {
    case .scalar(let s, _): return "'\(s)'"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    case .null: return "nothing"
    }
  }

  /// Parses YAML text. Syntax errors and duplicate keys become issues with positions.
  public static func parse(_ text: String, file: String) throws -> ScenarioNode {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ScenarioError([Self.issue(from: error, file: file)])
    }
    guard let node else {
      throw ScenarioError([ScenarioIssue(SourcePosition(file: file, line: 1, column: 1), field: "", "the file is empty")])
    }
    let log = IssueLog()
    let tree = convert(node, file: file, log: log)
    try log.throwIfAny()
    return tree
  }

  static func convert(_ node: Node, file: String, log: IssueLog) -> ScenarioNode {
    let position = SourcePosition(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    switch node {
    case .scalar(let s):
      if s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string) { return .null(position) }
      return .scalar(s.string, position)
    case .sequence(let items):
      return .sequence(items.map { convert($0, file: file, log: log) }, position)
    case .mapping(let pairs):
      var seen = Set<String>()
      var out: [(key: String, keyPosition: SourcePosition, value: ScenarioNode)] = []
      for (k, v) in pairs {
        let kp = SourcePosition(file: file, line: k.mark?.line ?? 1, column: k.mark?.column ?? 1)
        guard let key = k.scalar?.string else {
          log.report(kp, "", "mapping keys must be plain names")
          continue
        }
        if !seen.insert(key).inserted {
          log.report(kp, key, "duplicate key")
          continue
        }
        out.append((key, kp, convert(v, file: file, log: log)))
      }
      return .mapping(out, position)
    case .alias:
      log.report(position, "", "YAML aliases (*name) are not supported; write the value out")
      return .null(position)
    }
  }

  static func issue(from error: YamlError, file: String) -> ScenarioIssue {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return ScenarioIssue(
        SourcePosition(file: file, line: mark.line, column: mark.column), field: "",
        "YAML syntax error: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return ScenarioIssue(
        SourcePosition(file: file, line: context.mark.line, column: context.mark.column),
        field: duplicates.joined(separator: ", "), "duplicate key in this mapping")
    default:
      return ScenarioIssue(SourcePosition(file: file, line: 1, column: 1), field: "", "YAML error: \(error)")
    }
  }
}

import Foundation
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
  ///
  /// Yams rejects a mapping with a repeated key before building the tree, naming only the first
  /// occurrence. To report each repetition where it is, with its field path, the first
  /// occurrence is renamed to a placeholder in the text and the text composed again; `convert`
  /// restores the name and reports every later occurrence.
  public static func parse(_ text: String, file: String) throws -> ScenarioNode {
    if let alias = firstAlias(in: text) {
      throw ScenarioError([
        ScenarioIssue(
          SourcePosition(file: file, line: alias.line, column: alias.column), field: "",
          "YAML aliases (*\(alias.name)) are not supported; write the value out")
      ])
    }
    var text = text
    var placeholders: [String: String] = [:]
    var node: Node?
    while true {
      do {
        node = try Yams.compose(yaml: text)
        break
      } catch let error as YamlError {
        if case .duplicatedKeysInMapping(let duplicates, let context) = error, placeholders.count < maxDuplicateRenames,
          let key = duplicates.first
        {
          let placeholder = "\(duplicatePlaceholderPrefix)\(placeholders.count)"
          if let edited = replacingKey(key, at: context.mark, in: text, with: placeholder) {
            placeholders[placeholder] = key
            text = edited
            continue
          }
        }
        throw ScenarioError([Self.issue(from: error, file: file)])
      } catch {
        throw ScenarioError([ScenarioIssue(SourcePosition(file: file, line: 1, column: 1), field: "", "cannot read the file as YAML: \(error)")])
      }
    }
    guard let node else {
      throw ScenarioError([ScenarioIssue(SourcePosition(file: file, line: 1, column: 1), field: "", "the file is empty")])
    }
    let log = IssueLog()
    let tree = convert(node, path: "", file: file, placeholders: placeholders, log: log)
    try log.throwIfAny()
    return tree
  }

  /// The first alias (`*name` where a value starts) outside quotes, comments and block
  /// scalars, with its 1-based line and column; nil if none. The value of a merge key
  /// (`<<: *base`) is left to `convert`, which explains merge keys.
  ///
  /// Checked on the text, before composing, because Yams resolves aliases while it composes
  /// and keeps no trace of them: a 1 kB file of nested aliases ("billion laughs") would
  /// otherwise expand to gigabytes before any check could run.
  static func firstAlias(in text: String) -> (line: Int, column: Int, name: String)? {
    var blockIndent: Int?  // inside a block scalar (| or >) whose parent line had this indent
    for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = Array(raw.unicodeScalars)
      let indent = line.prefix { $0 == " " }.count
      if let parent = blockIndent {
        if line.allSatisfy({ $0 == " " || $0 == "\r" }) || indent > parent { continue }
        blockIndent = nil
      }
      var quote: Unicode.Scalar?
      var atNodeStart = true  // after indentation, '- ', ': ', '[', '{' or ','
      var i = indent
      var keyIsMerge = false
      while i < line.count {
        let c = line[i]
        if let q = quote {
          if c == q { quote = nil }
          i += 1
          continue
        }
        if c == " " || c == "\t" { i += 1; continue }
        if c == "#" && (i == 0 || line[i - 1] == " " || line[i - 1] == "\t") { break }
        if atNodeStart {
          if c == "*" {
            let name = line[(i + 1)...].prefix { !" \t,[]{}\r".unicodeScalars.contains($0) }
            if !keyIsMerge && !name.isEmpty {
              var s = String.UnicodeScalarView()
              s.append(contentsOf: name)
              return (n + 1, i + 1, String(s))
            }
          }
          if (c == "|" || c == ">") && line[(i + 1)...].allSatisfy({ "+-0123456789 \r".unicodeScalars.contains($0) }) {
            blockIndent = indent
            break
          }
        }
        if c == "\"" || c == "'" {
          quote = atNodeStart ? c : nil
          atNodeStart = false
          i += 1
          continue
        }
        let next: Unicode.Scalar = i + 1 < line.count ? line[i + 1] : " "
        if (c == "-" || c == ":") && (next == " " || next == "\t" || next == "\r" || i + 1 == line.count) {
          if c == ":" {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: line[indent..<i])
            keyIsMerge = String(s).trimmingCharacters(in: .whitespaces).hasSuffix("<<")
          }
          atNodeStart = true
        } else if c == "[" || c == "{" || c == "," {
          atNodeStart = true
          keyIsMerge = false
        } else {
          atNodeStart = false
        }
        i += 1
      }
    }
    return nil
  }

  /// Most repeated keys renamed (each costs one more parse).
  static let maxDuplicateRenames = 50
  static let duplicatePlaceholderPrefix = "__bonesim_first_of_duplicate_key_"

  /// `text` with the plain or quoted key `key` that starts at `mark` (1-based line and column,
  /// in Unicode scalars as libyaml counts) replaced by `placeholder`; nil if it is not there.
  static func replacingKey(_ key: String, at mark: Mark, in text: String, with placeholder: String) -> String? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
    guard mark.line >= 1, mark.line <= lines.count, mark.column >= 1 else { return nil }
    let line = lines[mark.line - 1]
    let start = mark.column - 1
    guard start <= line.count else { return nil }
    for written in [key, "\"\(key)\"", "'\(key)'"] {
      let scalars = Array(written.unicodeScalars)
      if start + scalars.count <= line.count, Array(line[start..<(start + scalars.count)]) == scalars {
        lines[mark.line - 1].replaceSubrange(start..<(start + scalars.count), with: placeholder.unicodeScalars)
        return lines.map { var s = String.UnicodeScalarView(); s.append(contentsOf: $0); return String(s) }.joined(separator: "\n")
      }
    }
    return nil
  }

  static func convert(
    _ node: Node, path: String, file: String, placeholders: [String: String], log: IssueLog
  ) -> ScenarioNode {
    let position = SourcePosition(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    switch node {
    case .scalar(let s):
      if s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string) { return .null(position) }
      return .scalar(s.string, position)
    case .sequence(let items):
      var out: [ScenarioNode] = []
      for (i, item) in items.enumerated() {
        out.append(convert(item, path: "\(path)[\(i)]", file: file, placeholders: placeholders, log: log))
      }
      return .sequence(out, position)
    case .mapping(let pairs):
      var seen: [String: SourcePosition] = [:]
      var out: [(key: String, keyPosition: SourcePosition, value: ScenarioNode)] = []
      for (k, v) in pairs {
        let kp = SourcePosition(file: file, line: k.mark?.line ?? 1, column: k.mark?.column ?? 1)
        guard let written = k.scalar?.string else {
          log.report(kp, path, "mapping keys must be plain names")
          continue
        }
        let key = placeholders[written] ?? written
        let field = path.isEmpty ? key : "\(path).\(key)"
        if written == "<<" {
          log.report(
            kp, field,
            "YAML merge keys ('<<') are not supported; put what every arm shares under the top-level 'baseline:' block, or write the keys out")
          continue
        }
        if let first = seen[key] {
          log.report(kp, field, "duplicate key '\(key)' (first at line \(first.line)); each key, and each arm name, may appear once")
          continue
        }
        seen[key] = kp
        out.append((key, kp, convert(v, path: field, file: file, placeholders: placeholders, log: log)))
      }
      return .mapping(out, position)
    case .alias:
      log.report(position, path, "YAML aliases (*name) are not supported; write the value out")
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

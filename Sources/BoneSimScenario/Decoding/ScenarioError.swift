/// Where something is in a scenario file: path, line and column (both from 1).
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }
}

/// One problem in a scenario or sweep file: where, which field, what was expected.
public struct ScenarioIssue: Sendable, Hashable, CustomStringConvertible {
  public var position: SourcePosition
  /// Dotted path of the field, e.g. `arms.hrt.dosing[0].dose`.
  public var field: String
  public var message: String

  public init(_ position: SourcePosition, field: String, _ message: String) {
    self.position = position
    self.field = field
    self.message = message
  }

  /// `file:line:column: field: message`, the form compilers use, so editors can jump to it.
  public var description: String { "\(position): \(field.isEmpty ? "(document)" : field): \(message)" }
}

/// Every problem found in an input file (decoding goes on after the first to report them all).
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
  public var issues: [ScenarioIssue]

  public init(_ issues: [ScenarioIssue]) { self.issues = issues }

  public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Collects issues while decoding; decoding continues with a placeholder after each one.
public final class IssueLog {
  public private(set) var issues: [ScenarioIssue] = []

  public init() {}

  public func report(_ node: ScenarioNode, _ field: String, _ message: String) {
    report(node.position, field, message)
  }

  /// Records an issue; the same issue again (a `baseline:` value checked in every arm) is kept once.
  public func report(_ position: SourcePosition, _ field: String, _ message: String) {
    let issue = ScenarioIssue(position, field: field, message)
    if !issues.contains(issue) { issues.append(issue) }
  }

  /// Throws every collected issue, if any.
  public func throwIfAny() throws {
    if !issues.isEmpty { throw ScenarioError(sortedIssues) }
  }

  /// The issues in a stable order: by file (in order of first report), then line and column,
  /// then in the order reported.
  public var sortedIssues: [ScenarioIssue] {
    var fileOrder: [String: Int] = [:]
    for i in issues where fileOrder[i.position.file] == nil { fileOrder[i.position.file] = fileOrder.count }
    return issues.enumerated().sorted { a, b in
      let ka = (fileOrder[a.element.position.file]!, a.element.position.line, a.element.position.column, a.offset)
      let kb = (fileOrder[b.element.position.file]!, b.element.position.line, b.element.position.column, b.offset)
      return ka < kb
    }.map(\.element)
  }
}

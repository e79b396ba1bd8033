import BoneSimCore
import Foundation

/// Parameter sets consistent with the calibration evidence (docs/MODEL.md §2.13): each member
/// gives values to the same parameters; every other parameter keeps its table value.
///
/// With `--parameter-uncertainty` every virtual patient is given one member, drawn from
/// (seed, patient id) alone, so summaries and effects include model uncertainty and stay
/// byte-identical for any number of threads.
public struct ParameterEnsemble: Sendable {
  /// Parameter names, in file order.
  public let names: [String]
  /// Values per member, in `names` order (the parameters' units).
  public let members: [[Double]]
  /// Each member's label as the file's `member` column writes it.
  public let labels: [String]
  /// Where it was read, and the SHA-256 of its bytes (for the manifest).
  public let source: String
  public let sha256: String

  public var count: Int { members.count }

  /// Member `m` as parameter overrides.
  public func overrides(member m: Int) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: zip(names, members[m]))
  }

  /// The member of patient `patient` under `seed`: uniform over members.
  public func member(of patient: Int, seed: UInt64, stream: UInt32) -> Int {
    let u = PatientRandom(seed: seed, patient: patient, stream: stream).uniform(0)
    return Swift.min(Int(u * Double(count)), count - 1)
  }

  /// Reads the CSV written by tools/calibrate/ensemble.py: a header `member,<name>,…` and
  /// one row per member. Problems are thrown with the file, line and column they concern.
  public init(csv text: String, source: String, sha256: String) throws {
    func fail(_ line: Int, _ message: String) -> ParameterEnsembleError { .init(file: source, line: line, message: message) }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    guard let header = lines.first, !header.isEmpty else { throw fail(1, "empty file; expected a header 'member,<parameter>,...'") }
    let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard columns.first == "member", columns.count >= 2 else {
      throw fail(1, "expected a header 'member,<parameter>,...', found '\(header)'")
    }
    let names = Array(columns.dropFirst())
    if let repeated = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
      throw fail(1, "parameter \(repeated) appears twice")
    }
    self.names = names
    var members: [[Double]] = []
    var labels: [String] = []
    for (i, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == columns.count else {
        throw fail(i + 1, "expected \(columns.count) fields like the header, found \(fields.count)")
      }
      var row: [Double] = []
      for (k, f) in fields.dropFirst().enumerated() {
        guard let v = Double(f), v.isFinite else { throw fail(i + 1, "\(names[k]): expected a finite number, found '\(f)'") }
        row.append(v)
      }
      members.append(row)
      labels.append(String(fields[0]))
    }
    guard !members.isEmpty else { throw fail(2, "no members") }
    guard members.count <= Int(UInt16.max) else { throw fail(lines.count, "\(members.count) members; at most \(UInt16.max)") }
    self.members = members
    self.labels = labels
    self.source = source
    self.sha256 = sha256
  }

  /// Checks every member against `table` (known names, physical ranges, orderings).
  public func check(against table: ParameterTable) throws {
    for m in members.indices {
      do {
        _ = try table.overriding(overrides(member: m))
      } catch {
        throw ParameterEnsembleError(file: source, line: m + 2, message: "member \(labels[m]): \(error)")
      }
    }
  }
}

/// A parameter ensemble file that cannot be used.
public struct ParameterEnsembleError: Error, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let message: String
  public var description: String { "\(file):\(line): \(message)" }
}

import Foundation

/// One row of `validation/targets.csv`: a published effect and how to compute it from a
/// scenario's outputs (validation/README.md documents the columns).
public struct ValidationTarget: Sendable, Hashable {
  public enum Statistic: String, Sendable, CaseIterable {
    /// Arm mean at `dayEnd`.
    case value
    /// Arm mean of v(dayEnd) − v(dayStart).
    case change
    /// 100 × change over dayStart…dayEnd / change over 0…referenceDay.
    case share
    /// Arm − comparator at dayEnd (paired).
    case difference
    /// 100 × (mean at dayEnd / mean at dayStart − 1).
    case percentChange = "percent_change"
    /// (arm − comparator) − (arm2 − comparator2) at dayEnd.
    case interaction
    /// Share of a deficit recovered: 1 − D(dayEnd)/D(dayStart), D = arm − comparator.
    case recoveredShare = "recovered_share"
    /// Later gain relative to an earlier one: (D(dayEnd) − D(dayStart))/D(referenceDay), D = arm − comparator.
    case gainRatio = "gain_ratio"
  }

  /// What a row is for: fitted by tools/calibrate/calibrate.py, or held out as a check.
  public enum Role: String, Sendable, CaseIterable {
    /// Calibration fits the model's free parameters to this row.
    case fit
    /// Never fitted: checks the calibrated model on evidence it has not seen.
    case check
    /// A required behaviour; passes only when its whole 95 % interval lies in the band.
    case property
  }

  public let id: String
  public let scenario: String
  public let arm: String
  public let comparator: String?
  public let arm2: String?
  public let comparator2: String?
  public let site: String
  public let variable: String
  public let statistic: Statistic
  public let dayStart: Int?
  public let dayEnd: Int
  public let referenceDay: Int?
  public let scale: Double
  public let published: Double?
  public let publishedLow: Double?
  public let publishedHigh: Double?
  public let bandLow: Double
  public let bandHigh: Double
  public let required: Bool
  public let role: Role
  public let evidence: String
  public let source: String

  /// Days of the scenario's outputs the statistic reads.
  public var days: [Int] { [0, dayStart ?? 0, dayEnd, referenceDay ?? 0].uniqued }
}

/// An error in a targets file: file, line, column, column name, what was expected.
public struct TargetsFileError: Error, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let field: String
  public let message: String
  /// Where the field starts on its line (from 1, in Unicode scalars); 0 if not known.
  public var column: Int = 0

  /// `file:line:column: field: message`, or `file: field: message` for the file as a whole (line 0).
  public var description: String {
    guard line > 0 else { return "\(file): \(field): \(message)" }
    return column > 0 ? "\(file):\(line):\(column): \(field): \(message)" : "\(file):\(line): \(field): \(message)"
  }
}

extension ValidationTarget {
  static let header = [
    "id", "scenario", "arm", "comparator", "arm2", "comparator2", "site", "variable", "statistic",
    "day_start", "day_end", "reference_day", "scale", "published", "published_low", "published_high",
    "band_low", "band_high", "required", "role", "evidence", "source",
  ]

  /// Parses a targets CSV (RFC 4180 quoting for the citation column); an error names the
  /// column where the offending field starts.
  public static func parse(_ text: String, file: String) throws -> [ValidationTarget] {
    do {
      return try parseRows(text, file: file)
    } catch var error as TargetsFileError {
      error.column = column(of: error.field, line: error.line, in: text)
      throw error
    }
  }

  /// 1-based column where field `name` starts on physical line `line` of `text`; 1 for the
  /// header or a whole row; 0 if unknown.
  static func column(of name: String, line: Int, in text: String) -> Int {
    if name == "header" || name == "row" { return line > 0 ? 1 : 0 }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let k = header.firstIndex(of: name), line >= 1, line <= lines.count else { return 0 }
    var field = 0
    var quoted = false
    for (offset, c) in lines[line - 1].unicodeScalars.enumerated() {
      if field == k { return offset + 1 }
      if c == "\"" { quoted.toggle() } else if c == ",", !quoted { field += 1 }
    }
    return field == k ? lines[line - 1].unicodeScalars.count + 1 : 0
  }

  static func parseRows(_ text: String, file: String) throws -> [ValidationTarget] {
    let rows = CSVRecords.parse(text)
    guard let header = rows.first, header == Self.header else {
      throw TargetsFileError(file: file, line: 1, field: "header", message: "expected \(Self.header.joined(separator: ","))")
    }
    var targets: [ValidationTarget] = []
    var seen = Set<String>()
    for (index, fields) in rows.dropFirst().enumerated() where !(fields.count == 1 && fields[0].isEmpty) {
      let line = index + 2
      guard fields.count == header.count else {
        throw TargetsFileError(file: file, line: line, field: "row", message: "expected \(header.count) fields, found \(fields.count)")
      }
      let f = Dictionary(uniqueKeysWithValues: zip(header, fields))
      func text(_ name: String) -> String? { f[name].flatMap { $0.isEmpty ? nil : $0 } }
      func number(_ name: String) throws -> Double? {
        guard let t = text(name) else { return nil }
        switch t {
        case "inf": return .infinity
        case "-inf": return -.infinity
        default:
          guard let v = Double(t), !v.isNaN else {
            throw TargetsFileError(file: file, line: line, field: name, message: "expected a number, found '\(t)'")
          }
          return v
        }
      }
      func integer(_ name: String) throws -> Int? {
        guard let t = text(name) else { return nil }
        guard let v = Int(t), v >= 0 else {
          throw TargetsFileError(file: file, line: line, field: name, message: "expected a day (integer ≥ 0), found '\(t)'")
        }
        return v
      }
      func require<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw TargetsFileError(file: file, line: line, field: name, message: "required") }
        return value
      }
      let id = try require(text("id"), "id")
      guard seen.insert(id).inserted else {
        throw TargetsFileError(file: file, line: line, field: "id", message: "duplicate id '\(id)'")
      }
      let statisticName = try require(text("statistic"), "statistic")
      guard let statistic = Statistic(rawValue: statisticName) else {
        throw TargetsFileError(
          file: file, line: line, field: "statistic",
          message: "unknown '\(statisticName)'; expected one of \(Statistic.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      let roleName = try require(text("role"), "role")
      guard let role = Role(rawValue: roleName) else {
        throw TargetsFileError(
          file: file, line: line, field: "role",
          message: "unknown '\(roleName)'; expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      let target = ValidationTarget(
        id: id, scenario: try require(text("scenario"), "scenario"), arm: try require(text("arm"), "arm"),
        comparator: text("comparator"), arm2: text("arm2"), comparator2: text("comparator2"),
        site: try require(text("site"), "site"), variable: try require(text("variable"), "variable"),
        statistic: statistic, dayStart: try integer("day_start"), dayEnd: try require(try integer("day_end"), "day_end"),
        referenceDay: try integer("reference_day"), scale: try number("scale") ?? 1,
        published: try number("published"), publishedLow: try number("published_low"),
        publishedHigh: try number("published_high"),
        bandLow: try require(try number("band_low"), "band_low"), bandHigh: try require(try number("band_high"), "band_high"),
        required: text("required") != "no", role: role, evidence: text("evidence") ?? "", source: text("source") ?? "")
      let needs: [(Bool, String)] = [
        ([.difference, .interaction, .recoveredShare, .gainRatio].contains(statistic) && target.comparator == nil, "comparator"),
        (statistic == .interaction && (target.arm2 == nil || target.comparator2 == nil), "arm2/comparator2"),
        ([.change, .share, .percentChange, .recoveredShare, .gainRatio].contains(statistic) && target.dayStart == nil, "day_start"),
        ([.share, .gainRatio].contains(statistic) && target.referenceDay == nil, "reference_day"),
      ]
      for (missing, name) in needs where missing {
        throw TargetsFileError(file: file, line: line, field: name, message: "required for statistic \(statistic.rawValue)")
      }
      guard target.bandLow <= target.bandHigh else {
        throw TargetsFileError(file: file, line: line, field: "band_low", message: "band_low must not exceed band_high")
      }
      targets.append(target)
    }
    return targets
  }
}

extension Array where Element: Hashable {
  var uniqued: [Element] {
    var seen = Set<Element>()
    return filter { seen.insert($0).inserted }
  }
}

/// Minimal RFC 4180 reader: commas, double-quoted fields with "" escapes, LF or CRLF.
enum CSVRecords {
  static func parse(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = Array(text).makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          if let next = iterator.next() {
            if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
          } else { quoted = false }
        } else { field.append(c) }
        continue
      }
      switch c {
      case "\"": quoted = true
      case ",": row.append(field); field = ""
      case "\n", "\r\n":
        row.append(field); rows.append(row); row = []; field = ""
      case "\r": continue
      default: field.append(c)
      }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
  }
}

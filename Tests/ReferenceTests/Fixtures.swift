import Foundation

/// Reads the committed reference fixtures in `Tests/Fixtures/` (see its README).
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// Header and numeric rows of a CSV fixture.
  static func csv(_ name: String) throws -> (header: [String], rows: [[Double]]) {
    let text = try String(contentsOf: directory.appendingPathComponent("reference/\(name)"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = lines.removeFirst().split(separator: ",").map(String.init)
    let rows = try lines.map { line in
      try line.split(separator: ",").map { field -> Double in
        guard let x = Double(field) else { throw FixtureError.notANumber(name, String(field)) }
        return x
      }
    }
    return (header, rows)
  }

  /// Rows of a CSV whose first column is a label (e.g. steady_states.csv), keyed by it.
  static func labelled(_ name: String) throws -> [String: [Double]] {
    let text = try String(contentsOf: directory.appendingPathComponent("reference/\(name)"), encoding: .utf8)
    var out: [String: [Double]] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      out[String(fields[0])] = fields.dropFirst().compactMap { Double($0) }
    }
    return out
  }

  enum FixtureError: Error { case notANumber(String, String) }
}

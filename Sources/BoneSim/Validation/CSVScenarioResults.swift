import Foundation

/// A scenario's results read back from the `summary.csv` and `effects.csv` that
/// `bonesim run` wrote (validation checks what users get, not an internal shortcut).
public struct CSVScenarioResults: ScenarioResults {
  var summaries: [String: ArmDaySummary] = [:]
  var differences: [String: (Double, Double, Double, Int)] = [:]

  static func key(_ parts: [String]) -> String { parts.joined(separator: "|") }

  /// Reads `summary.csv` and `effects.csv` in `directory`.
  public init(directory: String) throws {
    let summary = try String(contentsOfFile: directory + "/summary.csv", encoding: .utf8)
    let rows = CSVRecords.parse(summary)
    guard let header = rows.first else { return }
    let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    for r in rows.dropFirst() where r.count == header.count {
      guard let n = Int(r[col["n"]!]), let mean = Double(r[col["mean"]!]), let sd = Double(r[col["sd"]!]) else { continue }
      summaries[Self.key([r[col["arm"]!], r[col["variable"]!], r[col["site"]!], r[col["day"]!]])] =
        ArmDaySummary(n: n, mean: mean, sd: sd)
    }
    let effects = try String(contentsOfFile: directory + "/effects.csv", encoding: .utf8)
    let erows = CSVRecords.parse(effects)
    guard let eheader = erows.first else { return }
    let e = Dictionary(uniqueKeysWithValues: eheader.enumerated().map { ($1, $0) })
    for r in erows.dropFirst() where r.count == eheader.count {
      guard let m = Double(r[e["mean_difference"]!]), let lo = Double(r[e["ci_low"]!]), let hi = Double(r[e["ci_high"]!]),
        let n = Int(r[e["n"]!])
      else { continue }
      differences[Self.key([r[e["arm"]!], r[e["comparator"]!], r[e["variable"]!], r[e["site"]!], r[e["day"]!]])] = (m, lo, hi, n)
    }
  }

  public func summary(arm: String, variable: String, site: String, day: Int) -> ArmDaySummary? {
    summaries[Self.key([arm, variable, site, String(day)])]
  }

  public func pairedDifference(arm: String, comparator: String, variable: String, site: String, day: Int)
    -> (mean: Double, low: Double, high: Double, n: Int)?
  {
    differences[Self.key([arm, comparator, variable, site, String(day)])].map { ($0.0, $0.1, $0.2, $0.3) }
  }
}

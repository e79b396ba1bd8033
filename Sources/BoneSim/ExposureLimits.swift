import BoneSimIO
import BoneSimPhysiology
import Foundation

/// A serum level above which an output is outside the physiological range for women, with
/// where the number comes from. Runs count, per arm, the patients above it at some output day
/// (`manifest.json` `exposureFlags`) and warn once on standard error.
///
/// Matched to model outputs by variable name and unit only, so the table keeps working when the
/// model's outputs change; a limit whose variable or unit the model does not have is skipped
/// (a test checks that the integrated model has both).
public struct ExposureLimit: Sendable, Hashable {
  /// Output variable, e.g. `testosterone`.
  public let variable: String
  /// The output's unit the limit is in, e.g. `ng/dL`.
  public let unit: String
  /// Highest value inside the range.
  public let upper: Double
  /// Words for messages, e.g. `serum total testosterone`.
  public let label: String
  /// What the range is and where it comes from.
  public let source: String

  public init(variable: String, unit: String, upper: Double, label: String, source: String) {
    self.variable = variable
    self.unit = unit
    self.upper = upper
    self.label = label
    self.source = source
  }
}

public enum ExposureLimits {
  /// The limits for women (every BoneSim cohort is women).
  public static let women: [ExposureLimit] = [
    ExposureLimit(
      variable: "testosterone", unit: "ng/dL", upper: 70, label: "serum total testosterone",
      source:
        "upper end of the premenopausal female range (total testosterone, LC-MS/MS), the range the Global Consensus Position Statement on the Use of Testosterone Therapy for Women (Davis et al. 2019, J Clin Endocrinol Metab 104:4660-4666) says therapy should approximate; the statement gives no number, 70 ng/dL is the assumed upper reference limit"
    ),
    ExposureLimit(
      variable: "estradiol", unit: "pg/mL", upper: 780, label: "serum estradiol",
      source:
        "highest premenopausal reference limit across the menstrual cycle (LH peak, 2864 pmol/L = 780 pg/mL; LC-MS/MS traceable to the CDC reference method; Verdonk et al. 2019, Clin Chim Acta 495:198-204)"
    ),
  ]

  /// Output indices of `outputs` each limit applies to (variable and unit match; any site).
  public static func columns(_ limits: [ExposureLimit], in outputs: [ModelOutput]) -> [(limit: ExposureLimit, output: Int)] {
    limits.flatMap { limit in
      outputs.indices.filter { outputs[$0].variable == limit.variable && outputs[$0].unit == limit.unit }.map { (limit, $0) }
    }
  }
}

/// A number for messages: whole numbers without decimals, others to 3 significant digits.
func shortNumber(_ v: Double) -> String {
  if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
  return abs(v) >= 100 ? String(format: "%.0f", v) : String(format: "%.3g", v)
}

extension ExposureFlag {
  /// The warning line for a flag with patients above the limit in some arm, or nil.
  public var warning: String? {
    let flagged = arms.filter { $0.patientsAbove > 0 }
    guard !flagged.isEmpty else { return nil }
    // Arms where every patient is above are named together; the others with their counts.
    let all = flagged.filter { $0.patientsAbove == $0.patients }
    var parts = all.isEmpty ? [] : ["every patient of arm\(all.count == 1 ? "" : "s") \(all.map(\.arm).joined(separator: ", "))"]
    parts += flagged.filter { $0.patientsAbove < $0.patients }.map { "\($0.patientsAbove) of \($0.patients) patients of arm \($0.arm)" }
    let counts = parts.joined(separator: "; ")
    let highest = flagged.compactMap(\.highest).max().map { " (highest \(shortNumber($0)) \(unit))" } ?? ""
    return "warning: \(label) above \(shortNumber(upper)) \(unit), outside the physiological range for women, at some output day in \(counts)\(highest); range: \(source); counts per arm in manifest.json (exposureFlags)"
  }

  /// One warning line per limit for a sweep: in how many design points some arm went above it.
  static func sweepWarnings(_ points: [[ExposureFlag]]) -> [String] {
    guard let first = points.first else { return [] }
    return first.indices.compactMap { k in
      let flagged = points.filter { $0.count > k && $0[k].arms.contains { $0.patientsAbove > 0 } }
      guard !flagged.isEmpty else { return nil }
      let f = first[k]
      let highest = flagged.flatMap { $0[k].arms.compactMap(\.highest) }.max().map { " (highest \(shortNumber($0)) \(f.unit))" } ?? ""
      return "warning: \(f.label) above \(shortNumber(f.upper)) \(f.unit), outside the physiological range for women, at some output day in some patients of \(flagged.count) of \(points.count) design points run\(highest); range: \(f.source); counts per arm in each points/<i>/manifest.json (exposureFlags)"
    }
  }
}

import BoneSimIO

/// A patient whose state or output left its physiological range in one arm: the first
/// output day, variable and value at which it did. Flagged patients are excluded from every
/// arm's summaries and effects (paired design) and listed in `failed_patients.csv`.
public struct FailedPatient: Sendable, Hashable {
  /// Leading fields (a sweep's design point), then the record.
  public var prefix: [String]
  public var scenario: String
  public var arm: String
  /// Patient id (as in patients.csv).
  public var patient: Int
  /// First output day [day] at which the patient failed.
  public var day: Int
  /// A state (`LS.matrix`) or an output (`bmd.lumbar_spine`).
  public var variable: String
  public var value: Double
  /// "not finite", "below its lower bound 0", "above its upper bound 1".
  public var reason: String

  public static let fileName = "failed_patients.csv"
  /// Columns of `failed_patients.csv` (after any prefix columns).
  public static let columns: [OutputColumn] = [
    OutputColumn("scenario", .string, unit: nil, "scenario name"),
    OutputColumn("arm", .string, unit: nil, "arm in which the patient first left its bounds"),
    OutputColumn("patient", .integer, unit: nil, "patient id (as in patients.csv)"),
    OutputColumn("day", .integer, unit: "day", "first output day at which the patient failed"),
    OutputColumn("variable", .string, unit: nil, "state (LS.matrix) or output (bmd.lumbar_spine) that failed"),
    OutputColumn("value", .float, unit: "row: unit of the variable", "its value (nan, inf or out of bounds)"),
    OutputColumn("reason", .string, unit: nil, "not finite, below its lower bound, above its upper bound"),
  ]

  /// "patient P, arm A, day D, variable V = value: reason".
  public var description: String {
    "patient \(patient), arm \(arm), day \(day), variable \(variable) = \(CSVFormat.number(value)): \(reason)"
  }

  var csvLine: String {
    CSVFormat.line(prefix + [scenario, arm, String(patient), String(day), variable, CSVFormat.number(value), reason])
  }
}

import BoneSim
import BoneSimCore
import BoneSimPhysiology

typealias In = IntegratedModel.In

/// Output columns of the integrated model, by name.
enum Out {
  static let bmdPctLS = 2, bmdPctFN = 3, ctx = 6, p1np = 7, estradiol = 14, testosterone = 15
  static let progesterone = 16, anastrozole = 17
}

let model = try! IntegratedModel()

/// A typical woman `t0` years from her FMP at day 0 with natural history from FMP − 5 y.
func typical(
  yearsSinceFMP t0: Double, days: Int, runIn: Int? = nil,
  arm: @escaping @Sendable (Int, inout [Double]) -> Void = { _, _ in }
) -> TypicalPatientTrial {
  let history = runIn ?? max(0, Int(((t0 + 5) * 365.25).rounded()))
  return TypicalPatientTrial(model: model, runInDays: history, days: days) { day, row in
    row[In.yearsSinceFMP] = t0 + Double(day) / 365.25
    arm(day, &row)
  }
}

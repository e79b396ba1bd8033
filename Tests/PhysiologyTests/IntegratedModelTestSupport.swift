import BoneSim
import BoneSimCore
import BoneSimPhysiology

typealias In = IntegratedModel.In

/// Output columns of the integrated model, by name.
enum Out {
  typealias O = IntegratedModel.Output
  static let bmdPctLS = O.bmdPctLS.column, bmdPctFN = O.bmdPctFN.column, ctx = O.ctx.column, p1np = O.p1np.column
  static let estradiol = O.estradiol.column, testosterone = O.testosterone.column
  static let progesterone = O.progesterone.column, anastrozole = O.anastrozole.column
}

let model = try! IntegratedModel()

/// A typical woman `t0` years from her FMP at day 0 (age 51 + t0) with natural history from
/// FMP − 5 y or age 45, whichever is earlier.
func typical(
  yearsSinceFMP t0: Double, days: Int, runIn: Int? = nil,
  arm: @escaping @Sendable (Int, inout [Double]) -> Void = { _, _ in }
) -> TypicalPatientTrial {
  let history = runIn ?? max(0, Int((max(t0 + 5, t0 + 51 - 45) * 365.25).rounded(.up)))
  return TypicalPatientTrial(model: model, runInDays: history, days: days) { day, row in
    row[In.yearsSinceFMP] = t0 + Double(day) / 365.25
    row[In.age] = 51 + t0 + Double(day) / 365.25
    arm(day, &row)
  }
}

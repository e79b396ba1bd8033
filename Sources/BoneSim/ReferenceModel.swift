import BoneSimCore
import BoneSimPhysiology

/// The published core models that `bonesim reference` runs alone, with the load cases
/// numbered as in the PyPI package bone-models 0.1.0 (`*_load_cases.py`).
///
/// Load cases are input windows (data), not code in the model. A window that bone-models
/// applies for `start ≤ t ≤ end` is in force on days `start ..< end` (each day covers
/// `[day, day + 1)`); the excluded point `t = end` has measure zero.
public enum ReferenceModel: String, CaseIterable, Sendable {
  case lemaire2004
  case pivonka2008
  case scheiner2013

  /// Load cases defined by bone-models for this model (0 = unperturbed steady state).
  public var loadCases: ClosedRange<Int> {
    switch self {
    case .lemaire2004: return 0...9
    case .pivonka2008: return 0...1
    case .scheiner2013: return 0...1
    }
  }

  /// Default horizon [day]: the paper's (Lemaire Fig. 2: 140 days), the PTH window plus
  /// recovery (Pivonka), and disuse, reloading and recovery (Scheiner).
  public var defaultDays: Int {
    switch self {
    case .lemaire2004: return 140
    case .pivonka2008: return 200
    case .scheiner2013: return 3000
    }
  }

  /// What a load case does, in words.
  public func loadCaseDescription(_ loadCase: Int) -> String {
    if loadCase == 0 { return "no perturbation (steady state)" }
    switch self {
    case .lemaire2004:
      let w = Self.lemaireCases[loadCase - 1]
      return "\(Self.lemaireInputs[w.input]) \(w.value) pM/day on days 20..<80"
    case .pivonka2008:
      return "PTH.injection 1000 pM/day on days 0..<100"
    case .scheiner2013:
      return "disuse: axial stress -30 -> -25 MPa on days 50..<2050"
    }
  }

  // bone-models Lemaire_Load_Case_1...9: (input column, rate) for 20 ≤ t ≤ 80.
  static let lemaireInputs = [
    "OBp.injection", "OBa.injection", "OCa.injection", "PTH.injection", "OPG.injection",
    "RANKL.injection",
  ]
  static let lemaireCases: [(input: Int, value: Double)] = [
    (1, 1.0e-4),  // 1: add active osteoblasts
    (1, -8.3e-5),  // 2: remove active osteoblasts
    (3, 1000),  // 3: PTH
    (2, 1.0e-4),  // 4: add active osteoclasts
    (2, -2.9e-4),  // 5: remove active osteoclasts
    (4, 2.0e5),  // 6: OPG
    (0, 1.0e-4),  // 7: add responding osteoblasts
    (0, -1.2e-3),  // 8: remove responding osteoblasts (10× the curated rate; diverges)
    (5, 10),  // 9: RANKL
  ]

  /// Input windows of a load case for `model`'s input columns.
  func windows(loadCase: Int) -> [InputWindow] {
    guard loadCase > 0 else { return [] }
    switch self {
    case .lemaire2004:
      let w = Self.lemaireCases[loadCase - 1]
      return [InputWindow(column: w.input, days: 20..<80, value: w.value)]
    case .pivonka2008:
      return [InputWindow(column: BoneCellInputs.pth, days: 0..<100, value: 1000)]
    case .scheiner2013:
      return [InputWindow(column: Scheiner2013.axialStressInput, days: 50..<2050, value: -25)]
    }
  }
}

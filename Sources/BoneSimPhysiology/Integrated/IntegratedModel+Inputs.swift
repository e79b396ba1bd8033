/// Inputs and outputs of the integrated model (the contract between scenarios and model).
public enum IntegratedModelInterface {
  /// Input columns, in order. Daily inputs hold over `[day, day + 1)`.
  public static let inputs: [ModelInput] = [
    // Time and covariates.
    .init("patient.yearsSinceFMP", unit: "y", kind: .daily, default: -10, range: -40...60,
          "time of this day relative to the final menstrual period (negative before it)",
          referenceAtOrBelow: -5),
    .init("patient.age", unit: "y", kind: .daily, default: 41, range: 10...110,
          "age on this day; when a scenario does not set it: 51 + patient.yearsSinceFMP (median age at natural menopause)",
          derivedDefault: .init(from: "patient.yearsSinceFMP", offset: 51), referenceAtOrBelow: 45),
    .init("patient.bmd0.lumbarSpine", unit: "g/cm2", kind: .patient, default: 1.05, range: 0.3...2.0,
          "lumbar-spine areal BMD at day 0 (DXA)"),
    .init("patient.bmd0.femoralNeck", unit: "g/cm2", kind: .patient, default: 0.85, range: 0.2...2.0,
          "femoral-neck areal BMD at day 0 (DXA)"),
    // Doses (as given; the model converts units once).
    .init("dose.estradiolTransdermal", unit: "ug/day", kind: .daily, default: 0, range: 0...400,
          "estradiol delivered by a patch while worn (nominal rate)"),
    .init("dose.estradiolGel", unit: "mg/day", kind: .daily, default: 0, range: 0...10,
          "estradiol applied to the skin as gel that day"),
    .init("dose.progesteroneOral", unit: "mg/day", kind: .daily, default: 0, range: 0...600,
          "oral micronized progesterone taken that day"),
    .init("dose.testosteroneCypionateSC", unit: "mg", kind: .daily, default: 0, range: 0...400,
          "testosterone cypionate (ester mass) injected subcutaneously that day"),
    .init("dose.anastrozoleOral", unit: "mg/day", kind: .daily, default: 0, range: 0...10,
          "anastrozole taken that day"),
    // Mechanical loading.
    .init("exercise.highIntensity", unit: "sessions/week", kind: .daily, default: 0, range: 0...14,
          "high-intensity resistance + impact sessions (LIFTMOR-like), after adherence"),
    .init("exercise.moderateResistance", unit: "sessions/week", kind: .daily, default: 0, range: 0...14,
          "moderate progressive resistance sessions, after adherence"),
    .init("exercise.lowImpact", unit: "sessions/week", kind: .daily, default: 0, range: 0...14,
          "walking / balance / low-impact sessions, after adherence"),
    .init("mechanics.unloading", unit: "1", kind: .daily, default: 0, range: 0...1,
          "fraction of habitual loading removed (1 = strict bed rest)"),
    // Energy and nutrition.
    .init("energy.availability", unit: "kcal/kg FFM/day", kind: .daily, default: 45, range: 0...80,
          "energy intake minus exercise energy expenditure per kg fat-free mass"),
    .init("nutrition.calcium", unit: "mg/day", kind: .daily, default: 1000, range: 0...4000,
          "dietary + supplemental calcium"),
    .init("nutrition.vitaminD3", unit: "IU/day", kind: .daily, default: 800, range: 0...10000,
          "vitamin D3 intake"),
    .init("nutrition.protein", unit: "g/kg/day", kind: .daily, default: 1.0, range: 0...4,
          "protein intake per kg body mass"),
    .init("nutrition.vitaminK2", unit: "ug/day", kind: .daily, default: 90, range: 0...1000,
          "vitamin K2 (menaquinone) intake"),
    .init("nutrition.magnesium", unit: "mg/day", kind: .daily, default: 320, range: 0...2000,
          "magnesium intake"),
    // Per-patient multipliers of model parameters (lognormal random effects; 1 = typical).
    .init("iiv.turnover", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies bone turnover at both sites"),
    .init("iiv.estrogenSensitivity", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies the RANKL excess produced by estrogen deficiency"),
    .init("iiv.mechanosensitivity", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies the mechanostat's formation gain"),
    .init("iiv.estradiolClearance", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies estradiol clearance (exogenous exposure)"),
    .init("iiv.testosteroneClearance", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies testosterone clearance"),
    .init("iiv.endogenousEstradiol", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies endogenous estradiol (pre- and postmenopausal)"),
  ]

  /// Outputs, in `IntegratedModel.Output` order (variable names and units of docs/OUTPUTS.md).
  public static let outputs: [ModelOutput] = IntegratedModel.Output.allCases.map(\.description)
}

/// Inputs and outputs of the integrated model (the contract between scenarios and model).
public enum IntegratedModelInterface {
  /// Input columns, in order. Daily inputs hold over `[day, day + 1)`.
  public static let inputs: [ModelInput] = [
    // Time and covariates.
    .init("patient.yearsSinceFMP", unit: "y", kind: .daily, default: -10, range: -40...60,
          "time of this day relative to the final menstrual period (negative before it)",
          referenceAtOrBelow: -5, source: "STRAW+10 (Harlow 2012); reference state from FMP - 5 y (docs/MODEL.md 2.10)"),
    .init("patient.age", unit: "y", kind: .daily, default: 41, range: 10...110,
          "age on this day; when a scenario does not set it: 51 + patient.yearsSinceFMP (median age at natural menopause)",
          derivedDefault: .init(from: "patient.yearsSinceFMP", offset: 51), referenceAtOrBelow: 45,
          source: "median age at natural menopause ~51 (SWAN); age-related loss from 45 (Lips 1978)"),
    .init("patient.bmd0.lumbarSpine", unit: "g/cm2", kind: .patient, default: 1.05, range: 0.3...2.0,
          "lumbar-spine areal BMD at day 0 (DXA)", source: "young-adult mean, Hologic reference"),
    .init("patient.bmd0.femoralNeck", unit: "g/cm2", kind: .patient, default: 0.85, range: 0.2...2.0,
          "femoral-neck areal BMD at day 0 (DXA)", source: "young-adult mean, NHANES III (Looker 1998)"),
    // Doses (as given; the model converts units once).
    .init("dose.estradiolTransdermal", unit: "ug/day", kind: .daily, default: 0, range: 0...400,
          "estradiol delivered by a patch while worn (nominal rate)",
          source: "patch labels: 14-100 ug/day; exposure model docs/MODEL.md 2.2"),
    .init("dose.estradiolGel", unit: "mg/day", kind: .daily, default: 0, range: 0...10,
          "estradiol applied to the skin as gel that day", source: "Oestrogel label (0.75-1.5 mg/day typical)"),
    .init("dose.progesteroneOral", unit: "mg/day", kind: .daily, default: 0, range: 0...600,
          "oral micronized progesterone taken that day", source: "Prometrium label (100-200 mg/day)"),
    .init("dose.testosteroneCypionateSC", unit: "mg", kind: .daily, default: 0, range: 0...400,
          "testosterone cypionate (ester mass) injected subcutaneously that day",
          source: "Depo-Testosterone label; 5-20 mg/week in women (docs/REFERENCES.md)"),
    .init("dose.anastrozoleOral", unit: "mg/day", kind: .daily, default: 0, range: 0...10,
          "anastrozole taken that day", source: "Arimidex label (1 mg/day)"),
    // Mechanical loading.
    .init("exercise.highIntensity", unit: "sessions/week", kind: .daily, default: 0, range: 0...14,
          "high-intensity resistance + impact sessions (LIFTMOR-like), after adherence",
          source: "Watson 2018 (LIFTMOR): >= 80-85 % 1RM with impact"),
    .init("exercise.moderateResistance", unit: "sessions/week", kind: .daily, default: 0, range: 0...14,
          "moderate progressive resistance sessions, after adherence",
          source: "Howe 2011 (Cochrane): progressive resistance trials"),
    .init("exercise.lowImpact", unit: "sessions/week", kind: .daily, default: 0, range: 0...14,
          "walking / balance / low-impact sessions, after adherence", source: "Kemmler 2020; Shojaa 2020"),
    .init("mechanics.unloading", unit: "1", kind: .daily, default: 0, range: 0...1,
          "fraction of habitual loading removed (1 = strict bed rest)", source: "assumed scale"),
    // Energy and nutrition.
    .init("energy.availability", unit: "kcal/kg FFM/day", kind: .daily, default: 45, range: 0...80,
          "energy intake minus exercise energy expenditure per kg fat-free mass",
          source: "Loucks & Thuma 2003 (45 = balanced; disruption below ~30)"),
    .init("nutrition.calcium", unit: "mg/day", kind: .daily, default: 1000, range: 0...4000,
          "dietary + supplemental calcium", source: "default = assumed adequate intake (IOM RDA 1000-1200 mg)"),
    .init("nutrition.vitaminD3", unit: "IU/day", kind: .daily, default: 800, range: 0...10000,
          "vitamin D3 intake", source: "default = assumed adequate intake (IOM RDA 600-800 IU)"),
    .init("nutrition.protein", unit: "g/kg/day", kind: .daily, default: 1.0, range: 0...4,
          "protein intake per kg body mass", source: "default = assumed adequate intake (RDA 0.8 g/kg)"),
    .init("nutrition.vitaminK2", unit: "ug/day", kind: .daily, default: 90, range: 0...1000,
          "vitamin K2 (menaquinone) intake", source: "default = assumed adequate intake"),
    .init("nutrition.magnesium", unit: "mg/day", kind: .daily, default: 320, range: 0...2000,
          "magnesium intake", source: "default = assumed adequate intake (RDA 320 mg)"),
    // Per-patient multipliers of model parameters (lognormal random effects; 1 = typical).
    .init("iiv.turnover", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies bone turnover at both sites", source: "random effect; CV set by scenarios"),
    .init("iiv.estrogenSensitivity", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies the RANKL excess produced by estrogen deficiency", source: "random effect; CV set by scenarios"),
    .init("iiv.mechanosensitivity", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies the osteocytes' mechanosensitivity (overload responses)", source: "random effect; CV set by scenarios"),
    .init("iiv.estradiolClearance", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "divides exogenous estradiol exposure (clearance)", source: "random effect; patch labels report CV ~35 %"),
    .init("iiv.testosteroneClearance", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies testosterone clearance", source: "random effect; clearance 500-1400 L/day"),
    .init("iiv.endogenousEstradiol", unit: "1", kind: .patient, default: 1, range: 0.05...20,
          "multiplies endogenous estradiol (pre- and postmenopausal)", source: "random effect; CV set by scenarios"),
  ]

  /// Outputs, in `IntegratedModel.Output` order (variable names and units of docs/OUTPUTS.md).
  public static let outputs: [ModelOutput] = IntegratedModel.Output.allCases.map(\.description)
}

extension Lemaire2004 {
  /// Parameters of Lemaire et al. 2004 as curated in BioModels BIOMD0000000278 (identical in
  /// bone-models 0.1.0 `lemaire_parameters.py`). docs/VERIFICATION.md and docs/REFERENCES.md.
  public static let parameterTable = ParameterTable(
    model: "lemaire2004",
    [
      .init("OBp.supply", 7.0e-4, "pM/day", "D_R", .lemaire2004, .published,
            "production of responding osteoblasts from progenitors"),
      .init("OBp.differentiation", 0.7, "1/day", "d_B", .lemaire2004, .published,
            "responding -> active osteoblast rate, scaled by f0 (D_B = f0 d_B = 0.035/day)"),
      .init("OBa.apoptosis", 0.189, "1/day", "k_B", .lemaire2004, .published),
      .init("OCa.formation", 2.1e-3, "pM/day", "D_C", .lemaire2004, .published,
            "maximal osteoclast formation"),
      .init("OCa.apoptosis", 0.7, "1/day", "D_A", .lemaire2004, .published,
            "TGF-beta driven osteoclast apoptosis"),
      .init("TGFb.basalFraction", 0.05, "-", "f_0", .lemaire2004, .published, range: .fraction),
      .init("TGFb.halfSaturation", 5.0e-3, "pM", "C^s", .lemaire2004, .published,
            "osteoclast concentration at half-maximal TGF-beta effect"),
      .init("RANK.total", 10, "pM", "K", .lemaire2004, .published),
      .init("RANKL_OPG.association", 1.0e-2, "1/(pM day)", "k_1", .lemaire2004, .published),
      .init("RANKL_OPG.dissociation", 10, "1/day", "k_2", .lemaire2004, .published),
      .init("RANKL_RANK.association", 5.8e-4, "1/(pM day)", "k_3", .lemaire2004, .published),
      .init("RANKL_RANK.dissociation", 1.7e-2, "1/day", "k_4", .lemaire2004, .published),
      .init("PTHR.association", 0.02, "1/(pM day)", "k_5", .lemaire2004, .published),
      .init("PTHR.dissociation", 3, "1/day", "k_6", .lemaire2004, .published),
      .init("OPG.degradation", 0.35, "1/day", "k_O", .lemaire2004, .published),
      .init("OPG.productionPerOBp", 2.0e5, "(pM/day)/pM", "K^P_O", .lemaire2004, .published),
      .init("RANKL.maxPerOBa", 3.0e6, "pM/pM", "K^P_L", .lemaire2004, .published),
      .init("RANKL.productionScale", 1.0e3, "pM/day", "r_L", .lemaire2004, .published,
            "scales exogenous RANKL: pi_L multiplied by (1 + I_L/r_L)"),
      .init("PTH.production", 250, "pM/day", "S_P", .lemaire2004, .published),
      .init("PTH.elimination", 86, "1/day", "k_P", .lemaire2004, .published),
    ])

  /// Steady state listed in BIOMD0000000278 (initial amounts) [pM]: R, B, C.
  public static let publishedSteadyState = [7.734e-4, 7.283e-4, 9.127e-4]
}

extension Pivonka2008 {
  /// Parameters of Pivonka et al. 2008 with the mapping that makes the published state a
  /// fixed point: bone-models 0.1.0 `pivonka_parameters.py` (stated there to follow the
  /// authors' MATLAB code). docs/VERIFICATION.md and docs/REFERENCES.md lists where the paper's values differ.
  public static let parameterTable = ParameterTable(
    model: "pivonka2008",
    [
      .init("OBu.differentiation", 7.0e-4, "pM/day", "D_OBu", .pivonka2008, .published),
      .init("OBp.differentiation", 0.2674077909527713, "1/day", "D_OBp", .boneModels, .asCoded,
            "coded as 5.348 f0 with f0 = 0.05"),
      .init("OBa.apoptosis", 0.189, "1/day", "A_OBa", .pivonka2008, .published),
      .init("OCp.differentiation", 2.1e-3, "pM/day", "D_OCp", .pivonka2008, .published,
            "osteoclast precursor pool folded in"),
      .init("OCa.apoptosis", 0.7, "1/day", "A_OCa", .pivonka2008, .published),
      .init("TGFb.activationOBu", 0.004545454545454545, "pM", "K_D1,TGFb", .boneModels, .asCoded),
      .init("TGFb.repressionOBp", 0.001415624253823446, "pM", "K_D2,TGFb", .boneModels, .asCoded),
      .init("TGFb.activationOCa", 0.004545454545454545, "pM", "K_D3,TGFb", .boneModels, .asCoded),
      .init("TGFb.releasePerOCa", 1, "1/day", "alpha k_res", .boneModels, .asCoded,
            "TGF-beta stored in matrix times resorption rate; coded so that TGFb = OCa"),
      .init("TGFb.degradation", 1, "1/day", "D_TGFb", .boneModels, .asCoded),
      .init("PTH.production", 250, "pM/day", "beta_PTH", .pivonka2008, .published),
      .init("PTH.degradation", 86, "1/day", "D_PTH", .pivonka2008, .published),
      .init("PTH.activationOB", 150, "pM", "K_D6,PTH", .boneModels, .asCoded,
            "PTH activation of RANKL expression"),
      .init("PTH.repressionOB", 0.2225814277099542, "pM", "K_D7,PTH", .boneModels, .asCoded,
            "PTH repression of OPG expression"),
      .init("OPG.productionPerOBa", 162490033.7835679, "(pM/day)/pM", "beta_OPG", .boneModels, .asCoded),
      .init("OPG.max", 2.0e8, "pM", "OPG_max", .pivonka2008, .published),
      .init("OPG.degradation", 0.35, "1/day", "D_OPG", .pivonka2008, .published),
      .init("RANKL.maxPerOBp", 2703476.379131062, "pM/pM", "R_RANKL", .boneModels, .asCoded,
            "bone-models comment: 6e6 in the paper"),
      .init("RANKL.production", 168.4195714712206, "pM/day", "beta_RANKL", .boneModels, .asCoded,
            "bone-models comment: e+4 in the paper, e+2 in the code"),
      .init("RANKL.degradation", 10.132471014805027, "1/day", "D_RANKL", .boneModels, .asCoded),
      .init("RANKL_OPG.affinity", 1.0e-3, "1/pM", "K_A1", .pivonka2008, .published),
      .init("RANKL_RANK.affinity", 0.03411764705882353, "1/pM", "K_A2", .pivonka2008, .published),
      .init("RANK.total", 10, "pM", "RANK", .pivonka2008, .published),
      .init("RANKL_RANK.activationOCp", 4.457452802710724, "pM", "K_D8", .boneModels, .asCoded,
            "bone-models comment flags the paper value as questionable"),
    ])

  /// Published steady state [pM]: OBp, OBa, OCa (CellML translation and bone-models).
  public static let publishedSteadyState = [6.1964e-4, 5.5839e-4, 8.0696e-4]
}

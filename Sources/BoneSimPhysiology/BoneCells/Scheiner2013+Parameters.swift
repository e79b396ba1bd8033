extension Scheiner2013 {
  /// Parameters of Scheiner, Pivonka & Hellmich 2013 as coded in bone-models 0.1.0
  /// (`scheiner_parameters.py`); docs/VERIFICATION.md and docs/REFERENCES.md.
  public static let parameterTable = ParameterTable(
    model: "scheiner2013",
    [
      // Bone cell core (names as in Pivonka2008.parameterTable).
      .init("OBu.differentiation", 7.0e-4, "pM/day", "D_OBu", .scheiner2013, .asCoded),
      .init("OBp.differentiation", 0.16569631297603, "1/day", "D_OBp", .scheiner2013, .asCoded),
      .init("OBa.apoptosis", 0.211072625806496, "1/day", "A_OBa", .scheiner2013, .asCoded),
      .init("OCp.differentiation", 2.1e-3, "pM/day", "D_OCp", .scheiner2013, .asCoded,
            "2.1e-3 = D_OCp * OCp with OCp = 1e-3 pM"),
      .init("OCa.apoptosis", 5.64874468409633, "1/day", "A_OCa", .scheiner2013, .asCoded),
      .init("TGFb.activationOBu", 0.000563278809675429, "pM", "K_act,TGFb", .scheiner2013, .asCoded),
      .init("TGFb.repressionOBp", 0.000175426051821094, "pM", "K_rep,TGFb", .scheiner2013, .asCoded),
      .init("TGFb.activationOCa", 0.000563278809675429, "pM", "K_act,TGFb", .scheiner2013, .asCoded),
      .init("TGFb.releasePerOCa", 1, "1/day", "alpha", .boneModels, .asCoded,
            "coded as TGFb = OCa; the paper also multiplies by k_res"),
      .init("TGFb.degradation", 1, "1/day", "D_TGFb", .boneModels, .asCoded),
      .init("PTH.production", 250, "pM/day", "beta_PTH", .scheiner2013, .asCoded),
      .init("PTH.degradation", 86, "1/day", "D_PTH", .scheiner2013, .asCoded),
      .init("PTH.activationOB", 150, "pM", "K_act,PTH", .scheiner2013, .asCoded),
      .init("PTH.repressionOB", 0.222581427709954, "pM", "K_rep,PTH", .scheiner2013, .asCoded),
      .init("OPG.productionPerOBa", 162490033.7835679, "(pM/day)/pM", "beta_OPG", .scheiner2013, .asCoded),
      .init("OPG.max", 2.0e8, "pM", "OPG_max", .scheiner2013, .asCoded),
      .init("OPG.degradation", 0.35, "1/day", "D_OPG", .scheiner2013, .asCoded),
      .init("RANKL.maxPerOBp", 2703476.379131062, "pM/pM", "N_RANKL", .scheiner2013, .asCoded),
      .init("RANKL.production", 168.4195714712206, "pM/day", "beta_RANKL", .scheiner2013, .asCoded),
      .init("RANKL.degradation", 10.132471014805027, "1/day", "D_RANKL", .scheiner2013, .asCoded),
      .init("RANKL_OPG.affinity", 1.0e-3, "1/pM", "K_A1", .scheiner2013, .asCoded),
      .init("RANKL_RANK.affinity", 0.03411764705882353, "1/pM", "K_A2", .scheiner2013, .asCoded),
      .init("RANK.total", 10, "pM", "RANK", .scheiner2013, .asCoded),
      .init("RANKL_RANK.activationOCp", 5.67971833061048, "pM", "K_d,RANKL", .scheiner2013, .asCoded),
      // Bone volume.
      .init("bone.formationRate", 40, "%/(pM day)", "k_form", .scheiner2013, .asCoded),
      .init("bone.resorptionRate", 200, "%/(pM day)", "k_res", .scheiner2013, .asCoded),
      .init("bone.initialVascularFraction", 5, "%", "f_vas,0", .scheiner2013, .asCoded),
      .init("bone.initialMatrixFraction", 95, "%", "f_bm,0", .scheiner2013, .asCoded),
      // Mechanostat.
      .init("mechanics.habitualStrainEffect", 0.5, "-", "Pi_mech,ss", .scheiner2013, .asCoded,
            "mechanical effect on precursor proliferation at habitual load"),
      .init("mechanics.maxStrainEffect", 1, "-", "Pi_mech,max", .scheiner2013, .asCoded),
      .init("mechanics.proliferationShare", 0.1, "-", "a_P", .scheiner2013, .asCoded,
            "share of precursor supply from proliferation at steady state", range: .fraction),
      .init("mechanics.formationGain", 1.25, "-", "lambda", .scheiner2013, .asCoded,
            "hard-coded in bone-models' strain effect"),
      .init("mechanics.disuseRANKLGain", 1.0e5, "pM/day", "kappa", .scheiner2013, .asCoded,
            "hard-coded in bone-models' strain effect"),
      .init("mechanics.habitualAxialStress", -30, "MPa", "Sigma_zz", .scheiner2013, .asCoded,
            "negative: compression", range: .unbounded),
      // Micromechanics.
      .init("matrix.C11", 18.5, "GPa", "c_bm,1111", .scheiner2013, .asCoded),
      .init("matrix.C22", 20.8, "GPa", "c_bm,2222", .scheiner2013, .asCoded),
      .init("matrix.C33", 28.4, "GPa", "c_bm,3333", .scheiner2013, .asCoded),
      .init("matrix.C12", 10.3, "GPa", "c_bm,1122", .scheiner2013, .asCoded),
      .init("matrix.C13", 10.4, "GPa", "c_bm,1133", .scheiner2013, .asCoded),
      .init("matrix.C23", 11.0, "GPa", "c_bm,2233", .scheiner2013, .asCoded),
      .init("matrix.C44", 12.9, "GPa", "2 c_bm,2323", .scheiner2013, .asCoded, "Mandel shear entry"),
      .init("matrix.C55", 11.5, "GPa", "2 c_bm,1313", .scheiner2013, .asCoded, "Mandel shear entry"),
      .init("matrix.C66", 9.3, "GPa", "2 c_bm,1212", .scheiner2013, .asCoded, "Mandel shear entry"),
      .init("pore.bulkModulus", 2.3, "GPa", "k_H2O", .scheiner2013, .asCoded, "water"),
      .init("pore.shearModulus", 0, "GPa", "mu_H2O", .scheiner2013, .asCoded, range: .nonNegative),
      .init("hillTensor.quadraturePoints", 50, "-", "-", .boneModels, .asCoded,
            "uniform rule for the cylinder Hill tensor (a count: 1 to 10,000)",
            range: ParameterRange(lower: 1, includesLower: true, upper: 10_000)),
    ])

  /// Published steady state [pM]: OBp, OBa, OCa.
  public static let publishedSteadyState = [1.0e-3, 5.0e-4, 1.0e-4]
}

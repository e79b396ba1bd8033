import BoneSimPhysiology
import Testing

/// Column indices used in kernels are literals (no lookups in the hot path); they must
/// name the columns the interface lists.
@Test("kernel column constants name the right inputs and states")
func columnConstants() throws {
  let names = IntegratedModelInterface.inputs.map(\.name)
  typealias In = IntegratedModel.In
  let expected: [(Int, String)] = [
    (In.yearsSinceFMP, "patient.yearsSinceFMP"), (In.bmd0LS, "patient.bmd0.lumbarSpine"),
    (In.bmd0FN, "patient.bmd0.femoralNeck"), (In.patch, "dose.estradiolTransdermal"), (In.gel, "dose.estradiolGel"),
    (In.progesterone, "dose.progesteroneOral"), (In.testosteroneCypionate, "dose.testosteroneCypionateSC"),
    (In.anastrozole, "dose.anastrozoleOral"), (In.high, "exercise.highIntensity"),
    (In.moderate, "exercise.moderateResistance"), (In.low, "exercise.lowImpact"), (In.unloading, "mechanics.unloading"),
    (In.energy, "energy.availability"), (In.calcium, "nutrition.calcium"), (In.vitaminD, "nutrition.vitaminD3"),
    (In.protein, "nutrition.protein"), (In.vitaminK2, "nutrition.vitaminK2"), (In.magnesium, "nutrition.magnesium"),
    (In.turnover, "iiv.turnover"), (In.estrogenSensitivity, "iiv.estrogenSensitivity"),
    (In.mechanosensitivity, "iiv.mechanosensitivity"), (In.estradiolClearance, "iiv.estradiolClearance"),
    (In.testosteroneClearance, "iiv.testosteroneClearance"), (In.endogenousEstradiol, "iiv.endogenousEstradiol"),
  ]
  #expect(expected.count == names.count)
  for (index, name) in expected { #expect(names[index] == name) }
  let states = IntegratedModel.stateList
  #expect(states[IntegratedModel.siteOffset(0)] == "LS.OBp" && states[IntegratedModel.siteOffset(1)] == "FN.OBp")
  #expect(states[IntegratedModel.capacity] == "formationCapacity")
  #expect(states[IntegratedModel.depotTestosterone] == "depot.testosterone")
  #expect(states[IntegratedModel.anastrozoleAmount] == "body.anastrozole")
  let scheiner = try Scheiner2013()
  #expect(scheiner.inputNames[Scheiner2013.axialStressInput] == "axialStress")
  #expect(BoneCellInputs.names[BoneCellInputs.pth] == "PTH.injection" && BoneCellInputs.names[BoneCellInputs.tgfb] == "TGFb.injection")
}

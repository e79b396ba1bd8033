import BoneSimPhysiology
import Testing

/// Column indices used in kernels are literals (no lookups in the hot path); they must
/// name the columns the interface lists.
@Test("kernel column constants name the right inputs and states")
func columnConstants() throws {
  let names = IntegratedModelInterface.inputs.map(\.name)
  typealias In = IntegratedModel.In
  let expected: [(Int, String)] = [
    (In.yearsSinceFMP, "patient.yearsSinceFMP"), (In.age, "patient.age"), (In.bmd0LS, "patient.bmd0.lumbarSpine"),
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
  #expect(In.count == names.count, "prepared columns start after the last input")
  for (index, name) in expected { #expect(names[index] == name) }
  let states = IntegratedModel.stateList
  typealias State = IntegratedModel.State
  #expect(states[State.hpg] == "H" && states[State.OBp] == "OBp" && states[State.OBa] == "OBa" && states[State.OCa] == "OCa")
  #expect(states[State.site(0)] == "LS.activation" && states[State.site(1)] == "FN.activation")
  #expect(states[State.site(0) + 5] == "LS.setPoint" && states[State.site(1) + 5] == "FN.setPoint")
  #expect(states[State.capacity] == "formationCapacity")
  #expect(states[State.weeklyLoad] == "load.weekly" && states[State.habitualLoad] == "load.habitual")
  #expect(states[State.depotTestosterone] == "depot.testosterone")
  #expect(states[State.anastrozoleAmount] == "body.anastrozole")
  #expect(IntegratedModel.stateBoundList.count == states.count)
  // Outputs: the typed list is the interface, in column order.
  #expect(IntegratedModelInterface.outputs.count == IntegratedModel.Output.allCases.count)
  #expect(IntegratedModel.Output.allCases.map(\.column) == Array(0..<IntegratedModel.Output.allCases.count))
  let scheiner = try Scheiner2013()
  #expect(scheiner.inputNames[Scheiner2013.axialStressInput] == "axialStress")
  #expect(BoneCellInputs.names[BoneCellInputs.pth] == "PTH.injection" && BoneCellInputs.names[BoneCellInputs.tgfb] == "TGFb.injection")
}

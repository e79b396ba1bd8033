import BoneSimCore

/// Pivonka bone-cell core coupled to a strain-energy mechanostat through Mori–Tanaka
/// micromechanics: Scheiner, Pivonka & Hellmich 2013.
///
/// Scheiner S, Pivonka P, Hellmich C. Coupling systems biology with multiscale mechanics,
/// for computer simulations of bone remodeling. Comput Methods Appl Mech Eng
/// 2013;254:181–196, doi:10.1016/j.cma.2012.10.015. States: OBp, OBa, OCa [pM]; vascular
/// porosity f_vas and bone matrix fraction f_bm [%]. With `BoneCellCore` (1)–(10):
/// ```
/// dOBp/dt = D_OBu·(1 − a_P)·π⁺ + P_OBp·Π_mech·OBp − D_OBp·OBp·π⁻                (11)
/// df_bm/dt = k_form·OBa − k_res·OCa ;  df_vas/dt = −df_bm/dt                      (12)
/// ψ_bm = MoriTanaka(f_vas, f_bm, Σ) ;  r = (ψ_bm − ψ_ss)/ψ_ss                     (13)
/// Π_mech = min(Π_max, Π_ss·(1 + λ·max(r, 0)))                                     (14)
/// P_RANKL,mech = κ·max(−r, 0)     (extra RANKL production, Eq. (6) of the core)  (15)
/// P_OBp = a_P·D_OBu·π⁺_ss / (Π_ss·OBp_ss)   (so the steady state is unchanged)    (16)
/// ```
/// ψ_ss is the density at the habitual load and initial fractions.
///
/// Deviations: bone-models switches the mechanostat on only after the load change and
/// recomputes P_OBp inside its right-hand side before that; here (14)–(16) always hold,
/// which is identical at steady state (Σ habitual ⇒ r = 0 ⇒ Π = Π_ss, P_RANKL,mech = 0).
/// bone-models' slip in the Mori–Tanaka strain concentration does not change ψ_bm (see
/// `MoriTanaka`), so this model reproduces bone-models and follows the paper at once.
public struct Scheiner2013: CohortModel {
  public let stateNames = ["OBp", "OBa", "OCa", "f_vas", "f_bm"]
  /// Core inputs, then axial stress Σ₃₃ [MPa] (compression negative).
  public let inputNames = BoneCellInputs.names + ["axialStress"]
  @inlinable public static var axialStressInput: Int { 7 }
  public let stiffStates = [2]
  public let parameters: ParameterTable
  public let micromechanics: MoriTanaka
  /// Steady state of the cells [pM].
  public let steadyState: [Double]
  /// Strain energy density at habitual load [GPa].
  public let habitualStrainEnergy: Double

  @usableFromInline let core: BoneCellCore
  @usableFromInline let proliferationRate, supplyShare, habitualEffect, maxEffect: Double
  @usableFromInline let formationGain, disuseGain, formationRate, resorptionRate: Double
  @usableFromInline let inverseHabitualStrainEnergy: Double

  public init(parameters: ParameterTable = Scheiner2013.parameterTable) throws {
    self.parameters = parameters
    let p = parameters
    core = BoneCellCore(p)
    let stiffness = Matrix([
      [p["matrix.C11"], p["matrix.C12"], p["matrix.C13"], 0, 0, 0],
      [p["matrix.C12"], p["matrix.C22"], p["matrix.C23"], 0, 0, 0],
      [p["matrix.C13"], p["matrix.C23"], p["matrix.C33"], 0, 0, 0],
      [0, 0, 0, p["matrix.C44"], 0, 0],
      [0, 0, 0, 0, p["matrix.C55"], 0],
      [0, 0, 0, 0, 0, p["matrix.C66"]],
    ])
    micromechanics = MoriTanaka(
      matrixStiffness: stiffness, poreBulkModulus: p["pore.bulkModulus"],
      poreShearModulus: p["pore.shearModulus"],
      quadraturePoints: Int(p["hillTensor.quadraturePoints"]))
    steadyState = try core.steadyState(near: Scheiner2013.publishedSteadyState)
    habitualStrainEnergy = micromechanics.strainEnergyDensity(
      vascularPercent: p["bone.initialVascularFraction"], bonePercent: p["bone.initialMatrixFraction"],
      axialStress: p["mechanics.habitualAxialStress"] / 1000)
    inverseHabitualStrainEnergy = 1 / habitualStrainEnergy
    supplyShare = p["mechanics.proliferationShare"]
    habitualEffect = p["mechanics.habitualStrainEffect"]
    maxEffect = p["mechanics.maxStrainEffect"]
    formationGain = p["mechanics.formationGain"]
    disuseGain = p["mechanics.disuseRANKLGain"]
    formationRate = p["bone.formationRate"]
    resorptionRate = p["bone.resorptionRate"]
    let tgfbSS = core.signals(
      OBp: steadyState[0], OBa: steadyState[1], OCa: steadyState[2], injectionPTH: 0,
      injectionOPG: 0, injectionRANKL: 0, injectionTGFb: 0, extraRANKL: 0
    ).tgfbOBu
    proliferationRate = supplyShare * core.differentiationOBu * tgfbSS / (habitualEffect * steadyState[0])  // Eq. (16)
  }

  /// Initial state: cell steady state and initial volume fractions.
  public var initialState: [Double] {
    steadyState + [parameters["bone.initialVascularFraction"], parameters["bone.initialMatrixFraction"]]
  }

  /// Inputs at habitual load with no injections.
  public var habitualInputs: [Double] {
    [Double](repeating: 0, count: BoneCellInputs.names.count) + [parameters["mechanics.habitualAxialStress"]]
  }

  /// PTH and its two Hill factors (core Eqs. (2), (3), (5)) depend on the PTH input alone and
  /// are prepared from it (`PreparedInputs.swift`) into columns `inputCount ..< inputCount + 3`.
  public var preparedCount: Int { 3 }
  public var preparedSources: [Int] { [BoneCellInputs.pth] }
  @inlinable static var pthColumn: Int { 8 }

  @inlinable
  public func prepare<L: Lane>(_ inputs: UnsafeMutablePointer<Double>, blockSize: Int, row: Int, as lane: L.Type) {
    let pth = core.pthSignal(injectionPTH: L(loading: inputs + BoneCellInputs.pth * blockSize + row))
    pth.level.store(to: inputs + Self.pthColumn * blockSize + row)
    pth.repression.store(to: inputs + (Self.pthColumn + 1) * blockSize + row)
    pth.activation.store(to: inputs + (Self.pthColumn + 2) * blockSize + row)
  }

  /// The PTH signal, from the prepared columns when the block has them.
  @inlinable @inline(__always)
  func pthSignal<L: Lane>(_ block: RateBlock, row i: Int) -> BoneCellCore.PTHSignal<L> {
    if block.prepared {
      return BoneCellCore.PTHSignal(
        level: block.input(Self.pthColumn, i), repression: block.input(Self.pthColumn + 1, i),
        activation: block.input(Self.pthColumn + 2, i))
    }
    return core.pthSignal(injectionPTH: block.input(BoneCellInputs.pth, i))
  }

  /// Rates (11)–(16) with two divisions per patient: one for ψ_bm, one shared by the four
  /// Hill factors' denominators (`BoneCellCore.signalFractions`, `reciprocals`). They agree
  /// with the same equations evaluated quotient by quotient (`BoneCellCore.signals`,
  /// `MoriTanaka.strainEnergyDensity`) to about 1e-15 relative (`SharedDivisionTests`).
  @inlinable
  public func rates<L: Lane>(_ block: RateBlock, row i: Int, as lane: L.Type) {
    let OBp: L = block.state(0, i), OBa: L = block.state(1, i), OCa: L = block.state(2, i)
    let fvas: L = block.state(3, i), fbm: L = block.state(4, i)
    let stress: L = block.input(Self.axialStressInput, i)

    let energy = micromechanics.strainEnergyDensityFraction(
      vascularPercent: fvas, bonePercent: fbm, axialStress: stress * 0.001)  // Eq. (13), MPa → GPa
    let psi = energy.numerator / energy.denominator
    let r = (psi - habitualStrainEnergy) * inverseHabitualStrainEnergy
    let effect = L.minimum(habitualEffect * (1 + formationGain * L.maximum(r, 0)), maxEffect)  // Eq. (14)
    let disuseRANKL = disuseGain * L.maximum(-r, 0)  // Eq. (15)

    let s = core.signalFractions(
      OBp: OBp, OBa: OBa, OCa: OCa, pth: pthSignal(block, row: i),
      injectionOPG: block.input(BoneCellInputs.opg, i) as L,
      injectionRANKL: block.input(BoneCellInputs.rankl, i),
      injectionTGFb: block.input(BoneCellInputs.tgfb, i),
      extraRANKL: disuseRANKL)
    let (toOBu, toOBp, toOCa, toRANK) = reciprocals(
      s.tgfbOBu.denominator, s.tgfbOBp.denominator, s.tgfbOCa.denominator, s.ranklRANK.denominator)
    let differentiation = core.differentiationOBp * (s.tgfbOBp.numerator * toOBp)
    block.set(  // Eq. (11)
      0, i,
      production: core.differentiationOBu * (1 - supplyShare) * (s.tgfbOBu.numerator * toOBu)
        + proliferationRate * effect * OBp + block.input(BoneCellInputs.obp, i),
      loss: differentiation)
    block.set(  // core Eq. (9)
      1, i, production: differentiation * OBp + block.input(BoneCellInputs.oba, i),
      loss: L(broadcast: core.apoptosisOBa))
    block.set(  // core Eq. (10)
      2, i, production: core.differentiationOCp * (s.ranklRANK.numerator * toRANK) + block.input(BoneCellInputs.oca, i),
      loss: core.apoptosisOCa * (s.tgfbOCa.numerator * toOCa))
    let formation = formationRate * OBa - resorptionRate * OCa  // Eq. (12)
    let none = L(broadcast: 0)
    block.set(3, i, production: -formation, loss: none)
    block.set(4, i, production: formation, loss: none)
  }
}

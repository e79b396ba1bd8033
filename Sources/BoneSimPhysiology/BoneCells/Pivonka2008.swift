import BoneSimCore

/// The bone cell population model of Pivonka et al. 2008 (RANKL on precursors, OPG on
/// active osteoblasts), Equations (1)–(10) of `BoneCellCore` with exogenous inputs.
///
/// Pivonka P, Zimak J, Smith DW, Gardiner BS, Dunstan CR, Sims NA, Martin TJ, Mundy GR.
/// Bone 2008;43:249–263, doi:10.1016/j.bone.2008.03.025.
///
/// Inputs [pM/day]: cell injections added to (8)–(10), and PTH, OPG, RANKL, TGF-β dosing.
/// Deviations: the parameter mapping of bone-models (see the table), under which the
/// published state is a fixed point; the paper's printed values are not (docs/VERIFICATION.md).
public struct Pivonka2008: CohortModel {
  public let stateNames = ["OBp", "OBa", "OCa"]
  public let inputNames = BoneCellInputs.names
  public let stiffStates = [2]
  public let parameters: ParameterTable
  @usableFromInline let core: BoneCellCore

  public init(parameters: ParameterTable = Pivonka2008.parameterTable) {
    self.parameters = parameters
    core = BoneCellCore(parameters)
  }

  /// The steady state (OBp, OBa, OCa) [pM] without inputs, near the published one.
  public func steadyState() throws -> [Double] {
    try core.steadyState(near: Self.publishedSteadyState)
  }

  @inlinable
  public func rates<L: Lane>(_ block: RateBlock, row i: Int, as lane: L.Type) {
    let OBp: L = block.state(0, i), OBa: L = block.state(1, i), OCa: L = block.state(2, i)
    let s = core.signals(
      OBp: OBp, OBa: OBa, OCa: OCa,
      injectionPTH: block.input(BoneCellInputs.pth, i) as L,
      injectionOPG: block.input(BoneCellInputs.opg, i),
      injectionRANKL: block.input(BoneCellInputs.rankl, i),
      injectionTGFb: block.input(BoneCellInputs.tgfb, i),
      extraRANKL: L(broadcast: 0))
    let differentiation = core.differentiationOBp * s.tgfbOBp
    block.set(  // Eq. (8)
      0, i, production: core.differentiationOBu * s.tgfbOBu + block.input(BoneCellInputs.obp, i),
      loss: differentiation)
    block.set(  // Eq. (9)
      1, i, production: differentiation * OBp + block.input(BoneCellInputs.oba, i),
      loss: L(broadcast: core.apoptosisOBa))
    block.set(  // Eq. (10)
      2, i, production: core.differentiationOCp * s.ranklRANK + block.input(BoneCellInputs.oca, i),
      loss: core.apoptosisOCa * s.tgfbOCa)
  }
}

/// Exogenous inputs of the Pivonka-family models [pM/day], in column order.
public enum BoneCellInputs {
  public static let names = [
    "OBp.injection", "OBa.injection", "OCa.injection",
    "PTH.injection", "OPG.injection", "RANKL.injection", "TGFb.injection",
  ]
  @inlinable public static var obp: Int { 0 }
  @inlinable public static var oba: Int { 1 }
  @inlinable public static var oca: Int { 2 }
  @inlinable public static var pth: Int { 3 }
  @inlinable public static var opg: Int { 4 }
  @inlinable public static var rankl: Int { 5 }
  @inlinable public static var tgfb: Int { 6 }
}

import BoneSimCore
import Foundation

/// The integrated model: hormones and their pharmacokinetics, energy availability and
/// nutrition, osteocyte mechanosensing, the Pivonka/Scheiner bone-cell core at two sites,
/// and bone volume → mineral → BMD with turnover markers.
///
/// Per patient (16 states): ovarian function H; per site (lumbar spine, femoral neck) OBp,
/// OBa, OCa [pM], osteoid V_o, matrix V_m and mineral M (relative volumes); formation
/// capacity Φ (energy availability); testosterone cypionate depot A_TC and anastrozole A_AI
/// [mg] (stepped exactly as a linear system through BLAS). Every state starts at the
/// premenopausal steady state of the patient (`initialState`); scenarios supply history.
///
/// Coupling (layers documented in their files; docs/MODEL.md §2 lists every equation):
/// ```
/// E      = bone estrogen exposure (HormoneExposure, H7), relative to the patient's
///          premenopausal level
/// g(E)   = max(0, (r(E) − r(1))/(1 − r(1))),  r(E) = 1/(1 + (E/K_E)^n_E)           (I1)
/// P_L    = P0·η_E·g(E) + P_L,EA(EA) + P_L,mech(ψ_s)    extra RANKL, core Eq. (6)     (I2)
/// supply = (D_OBu·(1 − a_P)·π⁺ + P_OBp·Π_s·OBp)·(1 + E_T·act(T_exo, EC50_T))         (I3)
/// f_P4   = 1 + E_P·act(P4_exo, EC50_P)              exogenous progesterone on formation (I4)
/// a(E)   = 1 − a_E + a_E·act(E, K_a)/act(1, K_a)      osteoclast apoptosis ×a(E)       (I5)
/// supply ×Φ  (energy availability → IGF-1 → osteoblast recruitment, besides matrix output) (I6)
/// PTH production ×(N1), formation ×(N2)·Φ·f_P4, secondary mineralization ×(N3)
/// ```
/// (I1) is the Martínez-Reina 2019 PMO RANKL excess driven by estrogen instead of time
/// (BLUEPRINT.md §3): 0 at E ≥ 1, P0 at E = 0. (I5) is estrogen's pro-apoptotic action on
/// osteoclasts (the seed's third mechanism); 1 at the premenopausal level, 1 − a_E at E = 0.
public struct IntegratedModel: ScenarioModel {
  // MARK: Layout

  public static let stateList = [
    "H",
    "LS.OBp", "LS.OBa", "LS.OCa", "LS.osteoid", "LS.matrix", "LS.mineral",
    "FN.OBp", "FN.OBa", "FN.OCa", "FN.osteoid", "FN.matrix", "FN.mineral",
    "formationCapacity", "depot.testosterone", "body.anastrozole",
  ]
  /// Physiological range of each state (`stateList` order, the state's unit): outside it,
  /// or non-finite, a patient is flagged and excluded from summaries (docs/OUTPUTS.md).
  /// - H, Φ [1]: fractions of the premenopausal level, relaxing toward targets in [0, 1] (E1, E3).
  /// - OBp, OBa, OCa [pM], testosterone depot and anastrozole amount [mg]: ≥ 0.
  /// - osteoid, mineral [relative volume]: ≥ 0; matrix > 0 (resorption divides by it, B4);
  ///   all three ≤ `maxRelativeVolume`.
  public static let stateBoundList: [ClosedRange<Double>] = {
    let fraction = 0...(1 + fractionRoundingTolerance)
    let cells = 0...Double.infinity
    let site = [cells, cells, cells, 0...maxRelativeVolume, Double.leastNonzeroMagnitude...maxRelativeVolume, 0...maxRelativeVolume]
    return [fraction] + site + site + [fraction, 0...Double.infinity, 0...Double.infinity]
  }()
  /// Bone volume relative to the premenopausal steady state can grow, but not five-fold: at a
  /// trabecular BV/TV of 0.2 or more that would be more bone than the site's total volume.
  /// An assumed plausibility bound (geometric argument, not fitted, no published source); it
  /// only flags patients (failed_patients.csv), it never changes a trajectory.
  public static let maxRelativeVolume = 5.0
  /// Rounding allowance above 1 for H and Φ (exact relaxation toward 1 may land one ulp above).
  public static let fractionRoundingTolerance = 1e-9
  public var stateBounds: [ClosedRange<Double>] { Self.stateBoundList }

  /// First state column of a site's block of six (OBp, OBa, OCa, V_o, V_m, M): 1 and 7.
  @inlinable public static func siteOffset(_ site: Int) -> Int { 1 + 6 * site }
  @inlinable public static var capacity: Int { 13 }
  @inlinable public static var depotTestosterone: Int { 14 }
  @inlinable public static var anastrozoleAmount: Int { 15 }

  public var stateNames: [String] { Self.stateList }
  public var inputNames: [String] { inputs.map(\.name) }
  public var inputs: [ModelInput] { IntegratedModelInterface.inputs }
  public var outputs: [ModelOutput] { IntegratedModelInterface.outputs }
  /// Osteoclasts at both sites are stiff (A_OCa·π⁺ ≈ 0.9–3/day).
  public let stiffStates = [3, 9]
  public let parameters: ParameterTable
  public let linearPart: LinearSubsystem?

  /// Input columns (IntegratedModelInterface.inputs order).
  public enum In {
    @inlinable public static var yearsSinceFMP: Int { 0 }
    @inlinable public static var bmd0LS: Int { 1 }
    @inlinable public static var bmd0FN: Int { 2 }
    @inlinable public static var patch: Int { 3 }
    @inlinable public static var gel: Int { 4 }
    @inlinable public static var progesterone: Int { 5 }
    @inlinable public static var testosteroneCypionate: Int { 6 }
    @inlinable public static var anastrozole: Int { 7 }
    @inlinable public static var high: Int { 8 }
    @inlinable public static var moderate: Int { 9 }
    @inlinable public static var low: Int { 10 }
    @inlinable public static var unloading: Int { 11 }
    @inlinable public static var energy: Int { 12 }
    @inlinable public static var calcium: Int { 13 }
    @inlinable public static var vitaminD: Int { 14 }
    @inlinable public static var protein: Int { 15 }
    @inlinable public static var vitaminK2: Int { 16 }
    @inlinable public static var magnesium: Int { 17 }
    @inlinable public static var turnover: Int { 18 }
    @inlinable public static var estrogenSensitivity: Int { 19 }
    @inlinable public static var mechanosensitivity: Int { 20 }
    @inlinable public static var estradiolClearance: Int { 21 }
    @inlinable public static var testosteroneClearance: Int { 22 }
    @inlinable public static var endogenousEstradiol: Int { 23 }
  }

  // MARK: Layers and resolved parameters

  @usableFromInline let core: BoneCellCore
  @usableFromInline let hormones: HormoneExposure
  @usableFromInline let energy: EnergyAvailability
  @usableFromInline let nutrition: NutritionModifiers
  @usableFromInline let mechanostat: Mechanostat
  @usableFromInline let bone: MineralizedBone
  /// Cell steady state at the premenopausal reference [pM].
  public let cellSteadyState: [Double]
  @usableFromInline let proliferationRate, supplyShare, pthProduction: Double
  @usableFromInline let ranklExcess, halfEffect, hillCoefficient, referenceRepression: Double
  /// `hillCoefficient` when it is a small whole number (powers by multiplication), else 0.
  @usableFromInline let integerHill: Int
  @usableFromInline let apoptosisGain, apoptosisHalf, apoptosisReference: Double
  @usableFromInline let anabolicMax, anabolicEC50, progesteroneMax, progesteroneEC50: Double
  @usableFromInline let turnoverPerDay: (Double, Double)
  @usableFromInline let inverseOBa, inverseOCa, inverseHPGTime, inverseCapacityTime: Double

  public init(parameters: ParameterTable = IntegratedModel.parameterTable) throws {
    self.parameters = parameters
    let p = parameters
    core = BoneCellCore(p)
    hormones = HormoneExposure(p)
    energy = EnergyAvailability(p)
    nutrition = NutritionModifiers(p)
    mechanostat = Mechanostat(p)
    bone = MineralizedBone(p)
    cellSteadyState = try core.steadyState(near: Scheiner2013.publishedSteadyState)
    supplyShare = p["mechanics.proliferationShare"]
    let tgfb = core.signals(
      OBp: cellSteadyState[0], OBa: cellSteadyState[1], OCa: cellSteadyState[2], injectionPTH: 0,
      injectionOPG: 0, injectionRANKL: 0, injectionTGFb: 0, extraRANKL: 0
    ).tgfbOBu
    proliferationRate =
      supplyShare * core.differentiationOBu * tgfb / (p["mechanics.habitualStrainEffect"] * cellSteadyState[0])
    pthProduction = p["PTH.production"]
    ranklExcess = p["estrogen.RANKLExcess"]
    halfEffect = p["estrogen.halfEffect"]
    hillCoefficient = p["estrogen.hillCoefficient"]
    referenceRepression = 1 / (1 + Foundation.pow(1 / halfEffect, hillCoefficient))
    integerHill = hillCoefficient == hillCoefficient.rounded() && (1...8).contains(hillCoefficient) ? Int(hillCoefficient) : 0
    apoptosisGain = p["estrogen.osteoclastApoptosisGain"]
    apoptosisHalf = p["estrogen.osteoclastApoptosisHalf"]
    apoptosisReference = 1 / (1 + apoptosisHalf)
    anabolicMax = p["testosterone.anabolicMax"]
    anabolicEC50 = p["testosterone.anabolicEC50"]
    progesteroneMax = p["progesterone.formationMax"]
    progesteroneEC50 = p["progesterone.formationEC50"]
    turnoverPerDay = (p["lumbarSpine.turnover"] / 365.25, p["femoralNeck.turnover"] / 365.25)
    inverseOBa = 1 / cellSteadyState[1]
    inverseOCa = 1 / cellSteadyState[2]
    inverseHPGTime = 1 / p["hpg.timeConstant"]
    inverseCapacityTime = 1 / p["energy.capacityTimeConstant"]
    // Depot and anastrozole: dA_TC/dt = −k_a·A_TC + 0.699·dose_TC; dA_AI/dt = −k_AI·A_AI + dose_AI.
    linearPart = LinearSubsystem(
      firstState: Self.depotTestosterone, firstInput: In.testosteroneCypionate,
      a: Matrix([[-p["testosterone.depotRelease"], 0], [0, -p["anastrozole.elimination"]]]),
      b: Matrix([[p["testosterone.esterFraction"], 0], [0, 1]]))
  }

  public func with(parameters: ParameterTable) throws -> IntegratedModel {
    try IntegratedModel(parameters: parameters)
  }

  /// The premenopausal steady state of a patient: cells at the core's steady state, H = Φ = 1,
  /// pools at (B5) for the patient's turnover, no drug on board.
  public func initialState(inputs: [Double]) throws -> [Double] {
    var x = [Double](repeating: 0, count: Self.stateList.count)
    x[0] = 1
    x[Self.capacity] = 1
    let scale = inputs[In.turnover]
    for (site, offset) in [Self.siteOffset(0), Self.siteOffset(1)].enumerated() {
      let tau = (site == 0 ? turnoverPerDay.0 : turnoverPerDay.1) * scale
      let pools = bone.steadyState(turnover: tau)
      x[offset] = cellSteadyState[0]
      x[offset + 1] = cellSteadyState[1]
      x[offset + 2] = cellSteadyState[2]
      x[offset + 3] = pools.osteoid
      x[offset + 4] = pools.matrix
      x[offset + 5] = pools.mineral
    }
    return x
  }

  // MARK: Drives shared by rates and outputs

  /// Patient-level (systemic) quantities for the lanes at one row.
  public struct Systemic<L: Lane> {
    public var levels: HormoneExposure.Levels<L>
    /// Bone estrogen exposure relative to the patient's premenopausal level.
    public var estrogen: L
    public var extraPTH: L
    /// Extra RANKL production from estrogen deficiency and very low energy [pM/day].
    public var rankl: L
    public var androgen: L
    public var formationFactor: L
    public var mineralization: L
    public var stimulus: L
    public var unloading: L
    public var mechanicalGain: L
    public var turnoverScale: L
    /// Osteoclast apoptosis multiplier a(E) (I5).
    public var osteoclastApoptosis: L

    @inlinable
    init(
      levels: HormoneExposure.Levels<L>, estrogen: L, extraPTH: L, rankl: L, androgen: L,
      formationFactor: L, mineralization: L, stimulus: L, unloading: L, mechanicalGain: L, turnoverScale: L,
      osteoclastApoptosis: L
    ) {
      self.osteoclastApoptosis = osteoclastApoptosis
      self.levels = levels
      self.estrogen = estrogen
      self.extraPTH = extraPTH
      self.rankl = rankl
      self.androgen = androgen
      self.formationFactor = formationFactor
      self.mineralization = mineralization
      self.stimulus = stimulus
      self.unloading = unloading
      self.mechanicalGain = mechanicalGain
      self.turnoverScale = turnoverScale
    }
  }

  /// Estrogen-deficiency RANKL excess fraction g(E) (I1).
  @inlinable @inline(__always)
  func estrogenDeficiency<L: Lane>(_ e: L) -> L {
    let ratio = e * (1 / halfEffect)
    var power: L
    if integerHill > 0 {
      // (E/K)^n by multiplication: pow/exp-log cost 17-60× more (TOOLCHAIN.md §0).
      power = ratio
      for _ in 1..<integerHill { power = power * ratio }
    } else {
      power = L.exponential(hillCoefficient * L.logarithm(ratio))
    }
    let r = 1 / (1 + power)
    return L.maximum((r - referenceRepression) * (1 / (1 - referenceRepression)), 0)
  }

  /// Systemic drives from state and inputs (`state(c)`, `input(c)` read column c).
  @inlinable @inline(__always)
  func systemic<L: Lane>(state: (Int) -> L, input: (Int) -> L) -> Systemic<L> {
    let levels = hormones.levels(
      yearsSinceFMP: input(In.yearsSinceFMP), hpg: state(0), depotTestosterone: state(Self.depotTestosterone),
      anastrozoleAmount: state(Self.anastrozoleAmount), patch: input(In.patch), gel: input(In.gel),
      progesteroneDose: input(In.progesterone), endogenousScale: input(In.endogenousEstradiol),
      estradiolClearanceScale: input(In.estradiolClearance),
      testosteroneClearanceScale: input(In.testosteroneClearance))
    let e = levels.boneEstrogen / input(In.endogenousEstradiol)
    let extraPTH = pthProduction * (nutrition.pthFactor(calcium: input(In.calcium), vitaminD: input(In.vitaminD)) - 1)
    let rankl = ranklExcess * input(In.estrogenSensitivity) * estrogenDeficiency(e) + energy.extraRANKL(input(In.energy))  // (I2)
    let androgen = 1 + anabolicMax * activation(levels.exogenousTestosterone, anabolicEC50)  // (I3)
    let progestin = 1 + progesteroneMax * activation(levels.exogenousProgesterone, progesteroneEC50)  // (I4)
    let formationFactor = state(Self.capacity) * progestin
      * nutrition.formationFactor(protein: input(In.protein), magnesium: input(In.magnesium))
    return Systemic(
      levels: levels, estrogen: e, extraPTH: extraPTH, rankl: rankl, androgen: androgen,
      formationFactor: formationFactor,
      mineralization: nutrition.mineralizationFactor(vitaminK2: input(In.vitaminK2)),
      stimulus: mechanostat.exerciseStimulus(high: input(In.high), moderate: input(In.moderate), low: input(In.low)),
      unloading: input(In.unloading),
      mechanicalGain: mechanostat.sensitivity(estrogen: e) * input(In.mechanosensitivity),
      turnoverScale: input(In.turnover),
      osteoclastApoptosis: 1 - apoptosisGain + apoptosisGain * activation(e, apoptosisHalf) * (1 / apoptosisReference))  // (I5)
  }

  /// Site-level quantities: turnover, ψ, mechanostat response and core signals.
  public struct SiteDrives<L: Lane> {
    public var turnover: L
    public var strainEnergy: L
    public var proliferation: L
    public var signals: BoneCellCore.Signals<L>

    @inlinable
    init(turnover: L, strainEnergy: L, proliferation: L, signals: BoneCellCore.Signals<L>) {
      self.turnover = turnover
      self.strainEnergy = strainEnergy
      self.proliferation = proliferation
      self.signals = signals
    }
  }

  @inlinable @inline(__always)
  func site<L: Lane>(_ site: Int, _ sys: Systemic<L>, state: (Int) -> L) -> SiteDrives<L> {
    let o = Self.siteOffset(site)
    let tau = sys.turnoverScale * (site == 0 ? turnoverPerDay.0 : turnoverPerDay.1)
    let volume = state(o + 3) + state(o + 4)
    let reference = bone.steadyState(turnover: tau)
    let ashRatio =
      mechanostat.ash(mineralFraction: state(o + 5) / volume) / mechanostat.ash(mineralFraction: reference.mineral)
    let psi = mechanostat.relativeStrainEnergy(
      stimulus: sys.stimulus, unloading: sys.unloading, volume: volume, ashRatio: ashRatio)
    let mech = mechanostat.response(relativeStrainEnergy: psi, gain: sys.mechanicalGain)
    let zero = L(broadcast: 0)
    let signals = core.signals(
      OBp: state(o), OBa: state(o + 1), OCa: state(o + 2), injectionPTH: sys.extraPTH, injectionOPG: zero,
      injectionRANKL: zero, injectionTGFb: zero, extraRANKL: sys.rankl + mech.rankl)
    return SiteDrives(turnover: tau, strainEnergy: psi, proliferation: mech.proliferation, signals: signals)
  }

  // MARK: Rates

  @inlinable
  public func rates<L: Lane>(_ block: RateBlock, row i: Int, as lane: L.Type) {
    let state: (Int) -> L = { block.state($0, i) }
    let sys = systemic(state: state, input: { block.input($0, i) })
    for s in 0..<2 {
      let o = Self.siteOffset(s)
      let d = site(s, sys, state: state)
      let OBp = state(o), OBa = state(o + 1), OCa = state(o + 2)
      let differentiation = core.differentiationOBp * d.signals.tgfbOBp
      let supply =
        (core.differentiationOBu * (1 - supplyShare) * d.signals.tgfbOBu + proliferationRate * d.proliferation * OBp)
        * sys.androgen * state(Self.capacity)  // Scheiner (11) with (I3) and (I6)
      block.set(o, i, production: supply, loss: differentiation)
      block.set(o + 1, i, production: differentiation * OBp, loss: L(broadcast: core.apoptosisOBa))  // core (9)
      block.set(o + 2, i, production: core.differentiationOCp * d.signals.ranklRANK, loss: core.apoptosisOCa * d.signals.tgfbOCa * sys.osteoclastApoptosis)  // core (10), (I5)
      let formation = d.turnover * OBa * inverseOBa * sys.formationFactor  // (B1)
      let resorption = d.turnover * OCa * inverseOCa
      let pools = bone.rates(
        osteoid: state(o + 3), matrix: state(o + 4), formation: formation, resorption: resorption,
        mineralization: sys.mineralization)
      block.set(o + 3, i, production: pools.osteoid.0, loss: pools.osteoid.1)
      block.set(o + 4, i, production: pools.matrix.0, loss: pools.matrix.1)
      block.set(o + 5, i, production: pools.mineral.0, loss: pools.mineral.1)
    }
    let ea: L = block.input(In.energy, i)
    block.set(0, i, production: energy.hpgTarget(ea) * inverseHPGTime, loss: L(broadcast: inverseHPGTime))  // (E2)
    block.set(Self.capacity, i, production: energy.formationTarget(ea) * inverseCapacityTime, loss: L(broadcast: inverseCapacityTime))  // (E4)
    let none = L(broadcast: 0)
    block.set(Self.depotTestosterone, i, production: none, loss: none)  // stepped by `linearPart`
    block.set(Self.anastrozoleAmount, i, production: none, loss: none)
  }

  // MARK: Outputs

  @inlinable
  public func computeOutputs<L: Lane>(_ block: OutputBlock, row i: Int, as lane: L.Type) {
    let state: (Int) -> L = { block.state($0, i) }
    let initial: (Int) -> L = { block.initial($0, i) }
    let sys = systemic(state: state, input: { block.input($0, i) })
    let (ls, fn) = (Self.siteOffset(0), Self.siteOffset(1))
    let dLS = site(0, sys, state: state), dFN = site(1, sys, state: state)
    let mineralLS = state(ls + 5) / initial(ls + 5), mineralFN = state(fn + 5) / initial(fn + 5)
    block.set(0, i, (block.input(In.bmd0LS, i) as L) * mineralLS)  // (B6)
    block.set(1, i, (block.input(In.bmd0FN, i) as L) * mineralFN)
    block.set(2, i, 100 * (mineralLS - 1))
    block.set(3, i, 100 * (mineralFN - 1))
    block.set(4, i, state(ls + 3) + state(ls + 4))
    block.set(5, i, state(fn + 3) + state(fn + 4))
    // Markers: whole-skeleton resorption (CTX) and formation (P1NP) relative to day 0.
    let (tauLS, tauFN) = turnoverPerDay
    let resorption = tauLS * state(ls + 2) + tauFN * state(fn + 2)
    let resorption0 = tauLS * initial(ls + 2) + tauFN * initial(fn + 2)
    let formation = (tauLS * state(ls + 1) + tauFN * state(fn + 1)) * state(Self.capacity)
    let formation0 = (tauLS * initial(ls + 1) + tauFN * initial(fn + 1)) * initial(Self.capacity)
    block.set(6, i, 100 * (resorption / resorption0 - 1))
    block.set(7, i, 100 * (formation / formation0 - 1))
    block.set(8, i, state(ls + 2))
    block.set(9, i, state(fn + 2))
    block.set(10, i, state(ls + 1))
    block.set(11, i, state(fn + 1))
    block.set(12, i, dLS.signals.rankl)
    block.set(13, i, dLS.signals.opg)
    block.set(14, i, sys.levels.estradiol)
    block.set(15, i, sys.levels.testosterone)
    block.set(16, i, sys.levels.progesterone)
    block.set(17, i, sys.levels.anastrozole)
    block.set(18, i, block.input(In.energy, i) as L)
    block.set(19, i, dLS.strainEnergy)
    block.set(20, i, dFN.strainEnergy)
  }
}

import BoneSimCore
import Foundation

/// The integrated model: hormones and their pharmacokinetics, energy availability and
/// nutrition, the Pivonka/Scheiner RANKL–RANK–OPG bone-cell core, basic multicellular units
/// with an explicit remodeling space at two sites, an accommodating mechanostat, and bone
/// volume → mineral → BMD with turnover markers (docs/MODEL.md lists every equation).
///
/// Per patient (21 states): ovarian function H; the cell core OBp, OBa, OCa [pM] (systemic:
/// the osteoclastogenic signalling shared by both sites); per site (lumbar spine, femoral
/// neck) BMU activation A, remodeling space RS, osteoid V_o, matrix V_m, mineral M (relative
/// volumes) and mechanostat set point L; formation capacity Φ (energy availability); weekly
/// and habitual load x_f, x_c; testosterone cypionate depot A_TC and anastrozole A_AI [mg]
/// (stepped exactly as a linear system through BLAS). Every state starts at the premenopausal
/// steady state; the runner supplies each patient's history (`ScenarioRun`).
///
/// Coupling:
/// ```
/// g(E)   = [r(E) − r(E_s)]⁺/(1 − r(E_s)),  r(E) = 1/(1 + E/K_E)   deficiency at exposure E   (I1)
/// G      = (1 − p_a)·g(E_hi) + p_a·g(E_lo)     time-averaged drive (late transition, H1)   (I2)
/// P_L    = P0·η_S·G + P_L,EA(EA)               extra RANKL, core Eq. (6)                  (I3)
/// a(E)   = 1 − a_E + a_E·act(E, K_a)/act(1, K_a)   osteoclast apoptosis ×a (Hughes 1996)   (I4)
/// A*_s   = (ρ_OC − X)·(1 + k_dis·S⁻_s)/(1 + q_m·S⁺_s) + X,  ρ_OC = OCa/OCa_ss,
///          X = φ_nt·(ρ_OC − 1)⁺    BMU activation drive at site s; X non-targeted      (I5)
/// d      = min(d_max, d_E·G + k_d·((age − a_0)⁺)³)        BMU balance deficit (Lips 1978)  (I6)
/// c      = (1 − d)·Φ·f_nut·(1 + b_T·act(T_exo, EC50_T))·(1 + E_P·act(P4_exo, EC50_P))  (I7)
/// τ_s    = τ_s,0·η_τ                            turnover at site s [1/day]                  (I8)
/// ```
/// The core turns estrogen deficiency, PTH and energy deficiency into osteoclastogenesis;
/// osteocytes gate where BMUs start (I5: sclerostin lowered under overload, raised under
/// disuse). Formation refills cavities with completeness c (I7) and, under overload, adds a
/// bounded modeling flux (`MineralizedBone` B4). Terms that depend on inputs alone (a patch's
/// exposure, PTH, nutrition, energy availability, exercise) are prepared when the inputs
/// change rather than at every step (`IntegratedModel+Prepared.swift`), with the same bits.
public struct IntegratedModel: ScenarioModel {
  // MARK: Layout

  public static let stateList = [
    "H", "OBp", "OBa", "OCa",
    "LS.activation", "LS.remodelingSpace", "LS.osteoid", "LS.matrix", "LS.mineral", "LS.setPoint",
    "FN.activation", "FN.remodelingSpace", "FN.osteoid", "FN.matrix", "FN.mineral", "FN.setPoint",
    "formationCapacity", "load.weekly", "load.habitual", "depot.testosterone", "body.anastrozole",
  ]
  /// Physiological range of each state (`stateList` order, the state's unit): outside it,
  /// or non-finite, a patient is flagged and excluded from summaries (docs/OUTPUTS.md).
  /// - H, Φ [1]: fractions of the premenopausal level, relaxing toward targets in [0, 1].
  /// - OBp, OBa, OCa [pM], A [1], loads [1], depot and anastrozole [mg]: ≥ 0.
  /// - remodeling space, osteoid, mineral [relative volume]: ≥ 0; matrix > 0 (resorption
  ///   divides by it, B8); all ≤ `maxRelativeVolume`. Set point [ln relative volume]: any.
  public static let stateBoundList: [ClosedRange<Double>] = {
    let fraction = 0...(1 + fractionRoundingTolerance)
    let nonNegative = 0...Double.infinity
    let volume = 0...maxRelativeVolume
    let site = [nonNegative, volume, volume, Double.leastNonzeroMagnitude...maxRelativeVolume, volume,
                -Double.infinity...Double.infinity]
    return [fraction, nonNegative, nonNegative, nonNegative] + site + site
      + [fraction, nonNegative, nonNegative, nonNegative, nonNegative]
  }()
  /// Bone volume relative to the premenopausal steady state can grow, but not five-fold: at a
  /// trabecular BV/TV of 0.2 or more that would be more bone than the site's total volume.
  /// An assumed plausibility bound (geometric argument, not fitted, no published source); it
  /// only flags patients (failed_patients.csv), it never changes a trajectory.
  public static let maxRelativeVolume = 5.0
  /// Rounding allowance above 1 for H and Φ (exact relaxation toward 1 may land one ulp above).
  public static let fractionRoundingTolerance = 1e-9
  public var stateBounds: [ClosedRange<Double>] { Self.stateBoundList }

  /// State columns.
  public enum State {
    @inlinable public static var hpg: Int { 0 }
    @inlinable public static var OBp: Int { 1 }
    @inlinable public static var OBa: Int { 2 }
    @inlinable public static var OCa: Int { 3 }
    /// First column of a site's block (A, RS, V_o, V_m, M, L): 4 and 10.
    @inlinable public static func site(_ s: Int) -> Int { 4 + 6 * s }
    @inlinable public static var capacity: Int { 16 }
    @inlinable public static var weeklyLoad: Int { 17 }
    @inlinable public static var habitualLoad: Int { 18 }
    @inlinable public static var depotTestosterone: Int { 19 }
    @inlinable public static var anastrozoleAmount: Int { 20 }
  }
  /// Offsets inside a site block.
  @usableFromInline enum Site {
    @inlinable static var activation: Int { 0 }
    @inlinable static var space: Int { 1 }
    @inlinable static var osteoid: Int { 2 }
    @inlinable static var matrix: Int { 3 }
    @inlinable static var mineral: Int { 4 }
    @inlinable static var setPoint: Int { 5 }
  }

  public var stateNames: [String] { Self.stateList }
  public var inputNames: [String] { inputs.map(\.name) }
  public var inputs: [ModelInput] { IntegratedModelInterface.inputs }
  public var outputs: [ModelOutput] { IntegratedModelInterface.outputs }
  /// Active osteoclasts are stiff (A_OCa·π⁺ ≈ 3–6/day).
  public let stiffStates = [State.OCa]
  public let parameters: ParameterTable
  public let linearPart: LinearSubsystem?

  /// Input columns (IntegratedModelInterface.inputs order).
  public enum In {
    @inlinable public static var yearsSinceFMP: Int { 0 }
    @inlinable public static var age: Int { 1 }
    @inlinable public static var bmd0LS: Int { 2 }
    @inlinable public static var bmd0FN: Int { 3 }
    @inlinable public static var patch: Int { 4 }
    @inlinable public static var gel: Int { 5 }
    @inlinable public static var progesterone: Int { 6 }
    @inlinable public static var testosteroneCypionate: Int { 7 }
    @inlinable public static var anastrozole: Int { 8 }
    @inlinable public static var high: Int { 9 }
    @inlinable public static var moderate: Int { 10 }
    @inlinable public static var low: Int { 11 }
    @inlinable public static var unloading: Int { 12 }
    @inlinable public static var energy: Int { 13 }
    @inlinable public static var calcium: Int { 14 }
    @inlinable public static var vitaminD: Int { 15 }
    @inlinable public static var protein: Int { 16 }
    @inlinable public static var vitaminK2: Int { 17 }
    @inlinable public static var magnesium: Int { 18 }
    @inlinable public static var turnover: Int { 19 }
    @inlinable public static var estrogenSensitivity: Int { 20 }
    @inlinable public static var mechanosensitivity: Int { 21 }
    @inlinable public static var estradiolClearance: Int { 22 }
    @inlinable public static var testosteroneClearance: Int { 23 }
    @inlinable public static var endogenousEstradiol: Int { 24 }
    /// Number of input columns (the prepared columns follow them).
    @inlinable public static var count: Int { 25 }
  }

  /// Outputs, in column order: the variable, site and unit each writes (docs/OUTPUTS.md).
  public enum Output: Int, CaseIterable, Sendable {
    case bmdLS, bmdFN, bmdPctLS, bmdPctFN, volumeLS, volumeFN, ctx, p1np
    case activationLS, activationFN, spaceLS, spaceFN, osteoclasts, osteoblasts, rankl, opg
    case estradiol, testosterone, progesterone, anastrozole, energy, stimulusLS, stimulusFN

    /// Column in the output block.
    @inlinable public var column: Int { rawValue }

    public var description: ModelOutput {
      switch self {
      case .bmdLS: .init("bmd", .lumbarSpine, "g/cm2")
      case .bmdFN: .init("bmd", .femoralNeck, "g/cm2")
      case .bmdPctLS: .init("bmd_pct_change", .lumbarSpine, "%")
      case .bmdPctFN: .init("bmd_pct_change", .femoralNeck, "%")
      case .volumeLS: .init("bone_volume_fraction", .lumbarSpine, "1")
      case .volumeFN: .init("bone_volume_fraction", .femoralNeck, "1")
      case .ctx: .init("ctx_pct_change", .systemic, "%")
      case .p1np: .init("p1np_pct_change", .systemic, "%")
      case .activationLS: .init("bmu_activation", .lumbarSpine, "1")
      case .activationFN: .init("bmu_activation", .femoralNeck, "1")
      case .spaceLS: .init("remodeling_space", .lumbarSpine, "1")
      case .spaceFN: .init("remodeling_space", .femoralNeck, "1")
      case .osteoclasts: .init("osteoclasts_active", .systemic, "pM")
      case .osteoblasts: .init("osteoblasts_active", .systemic, "pM")
      case .rankl: .init("rankl", .systemic, "pM")
      case .opg: .init("opg", .systemic, "pM")
      case .estradiol: .init("estradiol", .systemic, "pg/mL")
      case .testosterone: .init("testosterone", .systemic, "ng/dL")
      case .progesterone: .init("progesterone", .systemic, "ng/mL")
      case .anastrozole: .init("anastrozole", .systemic, "ng/mL")
      case .energy: .init("energy_availability", .systemic, "kcal/kg FFM/day")
      case .stimulusLS: .init("mechanical_stimulus", .lumbarSpine, "1")
      case .stimulusFN: .init("mechanical_stimulus", .femoralNeck, "1")
      }
    }
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
  @usableFromInline let pthProduction, ranklExcess, halfEffect: Double
  /// r(E_s): the repression at the sufficient exposure, where the deficiency g reaches 0 (I1).
  @usableFromInline let referenceRepression: Double
  @usableFromInline let apoptosisGain, apoptosisHalf, apoptosisReference: Double
  @usableFromInline let anabolicMax, anabolicEC50, progesteroneMax, progesteroneEC50: Double
  @usableFromInline let estrogenDeficit, ageDeficit, ageOnset, maxDeficit: Double
  /// 1/T_d [1/y]: how fast the estrogen-deficiency under-fill wanes after the FMP (I6).
  @usableFromInline let deficitWaningRate: Double
  @usableFromInline let activationGain, disuseGain, modelingRate: Double
  /// φ_nt: share of the systemic activation excess that is not targeted by osteocytes (I5).
  @usableFromInline let nonTargetedShare: Double
  @usableFromInline let turnoverPerDay: (Double, Double)
  /// Share of the exercise stimulus that reaches each site (lumbar spine 1).
  @usableFromInline let loadShare: (Double, Double)
  /// Modeling at the femoral neck relative to the spine (τ_FN/τ_LS).
  @usableFromInline let modelingSiteScale: Double
  @usableFromInline let inverseOCa, inverseHPGTime, inverseCapacityTime: Double
  @usableFromInline let inverseFilterTime, inverseAccommodationTime, inverseSetPointTime: Double

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
    pthProduction = p["PTH.production"]
    ranklExcess = p["estrogen.RANKLExcess"]
    halfEffect = p["estrogen.halfEffect"]
    referenceRepression = 1 / (1 + p["estrogen.sufficientExposure"] / halfEffect)
    apoptosisGain = p["estrogen.osteoclastApoptosisGain"]
    apoptosisHalf = p["estrogen.osteoclastApoptosisHalf"]
    apoptosisReference = 1 / (1 + apoptosisHalf)
    anabolicMax = p["testosterone.anabolicMax"]
    anabolicEC50 = p["testosterone.anabolicEC50"]
    progesteroneMax = p["progesterone.formationMax"]
    progesteroneEC50 = p["progesterone.formationEC50"]
    estrogenDeficit = p["remodeling.estrogenBalanceDeficit"]
    ageDeficit = p["remodeling.ageBalanceDeficit"]
    ageOnset = p["remodeling.ageBalanceOnset"]
    maxDeficit = p["remodeling.maxBalanceDeficit"]
    deficitWaningRate = 1 / p["remodeling.estrogenDeficitWaningTime"]
    activationGain = p["mechanics.activationGain"]
    disuseGain = p["mechanics.disuseGain"]
    nonTargetedShare = p["mechanics.nonTargetedShare"]
    modelingRate = p["mechanics.modelingRate"] / 365.25
    turnoverPerDay = (p["lumbarSpine.turnover"] / 365.25, p["femoralNeck.turnover"] / 365.25)
    loadShare = (1, p["exercise.femoralNeckShare"])
    modelingSiteScale = p["femoralNeck.turnover"] / p["lumbarSpine.turnover"]
    inverseOCa = 1 / cellSteadyState[2]
    inverseHPGTime = 1 / p["hpg.timeConstant"]
    inverseCapacityTime = 1 / p["energy.capacityTimeConstant"]
    inverseFilterTime = 1 / p["mechanics.weeklyFilterTime"]
    inverseAccommodationTime = 1 / p["mechanics.accommodationTime"]
    inverseSetPointTime = 1 / p["mechanics.setPointTime"]
    // Depot and anastrozole: dA_TC/dt = −k_a·A_TC + 0.699·dose_TC; dA_AI/dt = −k_AI·A_AI + dose_AI.
    linearPart = LinearSubsystem(
      firstState: State.depotTestosterone, firstInput: In.testosteroneCypionate,
      a: Matrix([[-p["testosterone.depotRelease"], 0], [0, -p["anastrozole.elimination"]]]),
      b: Matrix([[p["testosterone.esterFraction"], 0], [0, 1]]))
  }

  public func with(parameters: ParameterTable) throws -> IntegratedModel {
    try IntegratedModel(parameters: parameters)
  }

  /// The premenopausal steady state of a patient: cells at the core's steady state, H = Φ = 1,
  /// A = 1, pools at (B9) for the patient's turnover, set point at the structure present,
  /// no load above habitual and no drug on board.
  public func initialState(inputs: [Double]) throws -> [Double] {
    var x = [Double](repeating: 0, count: Self.stateList.count)
    x[State.hpg] = 1
    x[State.OBp] = cellSteadyState[0]
    x[State.OBa] = cellSteadyState[1]
    x[State.OCa] = cellSteadyState[2]
    x[State.capacity] = 1
    let scale = inputs[In.turnover]
    for s in 0..<2 {
      let tau = (s == 0 ? turnoverPerDay.0 : turnoverPerDay.1) * scale
      let pools = bone.steadyState(turnover: tau)
      let o = State.site(s)
      x[o + Site.activation] = 1
      x[o + Site.space] = pools.space
      x[o + Site.osteoid] = pools.osteoid
      x[o + Site.matrix] = pools.matrix
      x[o + Site.mineral] = pools.mineral
      x[o + Site.setPoint] = 0  // ln(RS + V_o + V_m) = ln 1
    }
    return x
  }

  // MARK: Drives shared by rates and outputs

  /// Patient-level (systemic) quantities for the lanes at one row.
  public struct Systemic<L: Lane> {
    public var levels: HormoneExposure.Levels<L>
    /// Time-averaged estrogen-deficiency drive G [1] (I2).
    public var deficiency: L
    /// The core's Hill factors acting on the cells (Eqs. 8–10): act(TGFβ) on OBu, rep(TGFβ) on
    /// OBp, act(TGFβ) on OCa times the apoptosis multiplier a(E) (I4), and π_L.
    public var tgfbOBu, tgfbOBp, tgfbOCa, ranklRANK: L
    /// The extra RANKL of (I3) [pM/day] (the outputs' RANKL and OPG are computed from it).
    public var extraRANKL: L
    /// Core osteoclasts relative to their premenopausal steady state [1].
    public var osteoclastogenesis: L
    /// Refill completeness c [1] (I7), without Φ.
    public var completeness: L
    public var mineralization: L
    public var mechanicalGain: L
    public var turnoverScale: L

    @inlinable
    init(
      levels: HormoneExposure.Levels<L>, deficiency: L, tgfbOBu: L, tgfbOBp: L, tgfbOCa: L, ranklRANK: L,
      extraRANKL: L, osteoclastogenesis: L, completeness: L, mineralization: L, mechanicalGain: L, turnoverScale: L
    ) {
      self.levels = levels
      self.deficiency = deficiency
      self.tgfbOBu = tgfbOBu
      self.tgfbOBp = tgfbOBp
      self.tgfbOCa = tgfbOCa
      self.ranklRANK = ranklRANK
      self.extraRANKL = extraRANKL
      self.osteoclastogenesis = osteoclastogenesis
      self.completeness = completeness
      self.mineralization = mineralization
      self.mechanicalGain = mechanicalGain
      self.turnoverScale = turnoverScale
    }
  }

  /// Estrogen-deficiency fraction g(E) (I1) from the repression r(E) = K_E/(K_E + E): 1 at
  /// E = 0, 0 from the sufficient exposure E_s (60 pg/mL serum estradiol, Reginster 1992) up.
  @inlinable @inline(__always)
  func deficiency<L: Lane>(repression r: L) -> L {
    L.maximum((r - referenceRepression) * (1 / (1 - referenceRepression)), 0)
  }

  /// Osteoclast apoptosis multiplier a(E) (I4) from act(E, K_a) = E/(E + K_a): 1 at the
  /// premenopausal level.
  @inlinable @inline(__always)
  func apoptosis<L: Lane>(activation a: L) -> L {
    (1 - apoptosisGain) + apoptosisGain * (1 / apoptosisReference) * a
  }

  /// Systemic drives from state and inputs (`state(c)`, `input(c)` read column c).
  /// `pre`: the input-only quantities (`Prepared`).
  ///
  /// Quotients that do not depend on each other share one division (`reciprocals`): the eight
  /// Hill quotients of exposure (I1, I4, I7, M8) one, the core's four Hill factors
  /// (`BoneCellCore.signalFractions`) another. The results differ from quotient-by-quotient
  /// division in the last bits only (`IntegratedSharedDivisionTests`; docs/PERFORMANCE.md).
  @inlinable @inline(__always)
  func systemic<L: Lane>(state: (Int) -> L, input: (Int) -> L, prepared pre: Prepared<L>) -> Systemic<L> {
    let levels = hormones.levels(
      yearsSinceFMP: input(In.yearsSinceFMP), hpg: state(State.hpg),
      depotTestosterone: state(State.depotTestosterone), anastrozoleAmount: state(State.anastrozoleAmount),
      exogenousEstradiol: pre.exogenousEstradiol, progesteroneDose: input(In.progesterone),
      endogenousScale: input(In.endogenousEstradiol), inverseReference: pre.inverseReference,
      testosteroneClearanceScale: input(In.testosteroneClearance))
    let low = levels.lowShare, high = 1 - levels.lowShare
    let eHigh = levels.boneHigh, eLow = levels.boneLow
    let exogenousT = levels.exogenousTestosterone, exogenousP = levels.exogenousProgesterone
    let (toRepressionHigh, toRepressionLow, toApoptosisHigh, toApoptosisLow, toSensitivityHigh, toSensitivityLow,
         toAndrogen, toProgestin) = reciprocals(
      halfEffect + eHigh, halfEffect + eLow, eHigh + apoptosisHalf, eLow + apoptosisHalf,
      mechanostat.sensitivityDenominator(estrogen: eHigh), mechanostat.sensitivityDenominator(estrogen: eLow),
      exogenousT + anabolicEC50, exogenousP + progesteroneEC50)
    let g = high * deficiency(repression: halfEffect * toRepressionHigh)
      + low * deficiency(repression: halfEffect * toRepressionLow)  // (I2)
    let rankl = ranklExcess * input(In.estrogenSensitivity) * g + pre.extraRANKL  // (I3)
    let zero = L(broadcast: 0)
    let cells = core.signalFractions(
      OBp: state(State.OBp), OBa: state(State.OBa), OCa: state(State.OCa), pth: pre.pth,
      injectionOPG: zero, injectionRANKL: zero, injectionTGFb: zero, extraRANKL: rankl)
    let (toOBu, toOBp, toOCa, toRANK) = reciprocals(
      cells.tgfbOBu.denominator, cells.tgfbOBp.denominator, cells.tgfbOCa.denominator, cells.ranklRANK.denominator)
    let apoptosisScale = high * apoptosis(activation: eHigh * toApoptosisHigh)
      + low * apoptosis(activation: eLow * toApoptosisLow)  // (I4)
    let ageExcess = L.maximum(input(In.age) - ageOnset, 0)
    // The estrogen part wanes after the FMP (Riggs 1998: the rapid phase subsides over years).
    let waning = L.exponential(L.maximum(input(In.yearsSinceFMP), 0) * -deficitWaningRate)
    let deficit = L.minimum(
      estrogenDeficit * g * waning + ageDeficit * ageExcess * ageExcess * ageExcess, maxDeficit)  // (I6)
    let nutrient = pre.formation
    let androgen: L = 1 + anabolicMax * (exogenousT * toAndrogen)
    let progestin: L = 1 + progesteroneMax * (exogenousP * toProgestin)
    let completeness: L = (1 - deficit) * nutrient * androgen * progestin  // (I7)
    let sensitivity = high * mechanostat.sensitivity(estrogen: eHigh, reciprocal: toSensitivityHigh)
      + low * mechanostat.sensitivity(estrogen: eLow, reciprocal: toSensitivityLow)
    return Systemic(
      levels: levels, deficiency: g, tgfbOBu: cells.tgfbOBu.numerator * toOBu,
      tgfbOBp: cells.tgfbOBp.numerator * toOBp, tgfbOCa: cells.tgfbOCa.numerator * toOCa * apoptosisScale,
      ranklRANK: cells.ranklRANK.numerator * toRANK, extraRANKL: rankl,
      osteoclastogenesis: state(State.OCa) * inverseOCa, completeness: completeness, mineralization: pre.mineralization,
      mechanicalGain: sensitivity * input(In.mechanosensitivity), turnoverScale: input(In.turnover))
  }

  /// Site-level quantities: turnover, strain energy and the mechanostat's response.
  public struct SiteDrives<L: Lane> {
    /// τ_s [1/day] (I8).
    public var turnover: L
    public var strainEnergy: L
    /// Activation drive A* (I5).
    public var drive: L
    /// Modeling formation [1/day]: k_mod·(τ_s/τ_LS)·S⁺_m/(1 + S⁺_m), S⁺_m from ψ_m.
    public var modeling: L
    /// ln(RS + V_o + V_m), the structural volume's logarithm (read by ψ and by the set point, M5).
    public var logVolume: L
    /// 1/V_m (B8), from the site's shared division.
    public var inverseMatrix: L

    @inlinable
    init(turnover: L, strainEnergy: L, drive: L, modeling: L, logVolume: L, inverseMatrix: L) {
      self.turnover = turnover
      self.strainEnergy = strainEnergy
      self.drive = drive
      self.modeling = modeling
      self.logVolume = logVolume
      self.inverseMatrix = inverseMatrix
    }
  }

  /// Two divisions per site: the activation drive's, ψ_m's and 1/V_m share one (`reciprocals`),
  /// modeling's saturation S⁺_m/(1 + S⁺_m) needs ψ_m and takes the other.
  @inlinable @inline(__always)
  func site<L: Lane>(_ s: Int, _ sys: Systemic<L>, state: (Int) -> L, input: (Int) -> L) -> SiteDrives<L> {
    let o = State.site(s)
    let tau = sys.turnoverScale * (s == 0 ? turnoverPerDay.0 : turnoverPerDay.1)
    let structure = state(o + Site.space) + state(o + Site.osteoid) + state(o + Site.matrix)
    let share = s == 0 ? loadShare.0 : loadShare.1
    let logVolume = L.logarithm(structure)
    let psi = mechanostat.relativeStrainEnergy(
      weekly: share * state(State.weeklyLoad), unloading: input(In.unloading), logVolume: logVolume,
      setPoint: state(o + Site.setPoint))
    let (over, under) = mechanostat.response(relativeStrainEnergy: psi, gain: sys.mechanicalGain)
    // (I5) Osteocytes gate targeted remodeling; the non-targeted part of a systemic excess
    // (estrogen deficiency, PTH, energy) starts BMUs whatever the local strain (Parfitt 2002).
    let random = nonTargetedShare * L.maximum(sys.osteoclastogenesis - 1, 0)
    let (toDrive, toAccommodation, toMatrix) = reciprocals(
      1 + activationGain * over, mechanostat.accommodation(habitual: share * state(State.habitualLoad)),
      state(o + Site.matrix))
    let drive = (sys.osteoclastogenesis - random) * (1 + disuseGain * under) * toDrive + random
    let habitual = psi * toAccommodation  // ψ_m (M6')
    let growth = mechanostat.response(relativeStrainEnergy: habitual, gain: sys.mechanicalGain).overload
    let scale = s == 0 ? 1 : modelingSiteScale
    return SiteDrives(
      turnover: tau, strainEnergy: psi, drive: drive, modeling: scale * modelingRate * growth / (1 + growth),
      logVolume: logVolume, inverseMatrix: toMatrix)
  }

  // MARK: Rates

  @inlinable
  public func rates<L: Lane>(_ block: RateBlock, row i: Int, as lane: L.Type) {
    let state: (Int) -> L = { block.state($0, i) }
    let input: (Int) -> L = { block.input($0, i) }
    let pre = prepared(block, row: i, input: input)
    let sys = systemic(state: state, input: input, prepared: pre)
    let capacity = state(State.capacity)
    for s in 0..<2 {
      let o = State.site(s)
      let d = site(s, sys, state: state, input: input)
      let resorption = d.turnover * state(o + Site.activation)  // (B2)
      let closure = bone.closure(space: state(o + Site.space), capacity: capacity)
      let formation = sys.completeness * capacity * closure + d.modeling  // (B4)
      let pools = bone.rates(
        drive: d.drive, osteoid: state(o + Site.osteoid), matrix: state(o + Site.matrix),
        inverseMatrix: d.inverseMatrix, resorption: resorption,
        closure: closure, formation: formation, mineralization: sys.mineralization)
      block.set(o + Site.activation, i, production: pools.activation.0, loss: pools.activation.1)
      block.set(o + Site.space, i, production: pools.space.0, loss: pools.space.1)
      block.set(o + Site.osteoid, i, production: pools.osteoid.0, loss: pools.osteoid.1)
      block.set(o + Site.matrix, i, production: pools.matrix.0, loss: pools.matrix.1)
      block.set(o + Site.mineral, i, production: pools.mineral.0, loss: pools.mineral.1)
      block.set(o + Site.setPoint, i, production: d.logVolume * inverseSetPointTime,
                loss: L(broadcast: inverseSetPointTime))  // (M5)
    }
    // Cell core, Eqs. (8)–(10) with (I3), (I4).
    let OBp = state(State.OBp)
    let differentiation = core.differentiationOBp * sys.tgfbOBp
    block.set(State.OBp, i, production: core.differentiationOBu * sys.tgfbOBu, loss: differentiation)
    block.set(State.OBa, i, production: differentiation * OBp, loss: L(broadcast: core.apoptosisOBa))
    block.set(State.OCa, i, production: core.differentiationOCp * sys.ranklRANK,
              loss: core.apoptosisOCa * sys.tgfbOCa)
    block.set(State.hpg, i, production: pre.hpgTarget * inverseHPGTime, loss: L(broadcast: inverseHPGTime))  // (E2)
    block.set(State.capacity, i, production: pre.capacityTarget * inverseCapacityTime,
              loss: L(broadcast: inverseCapacityTime))  // (E4)
    let x = pre.exercise
    block.set(State.weeklyLoad, i, production: x * inverseFilterTime, loss: L(broadcast: inverseFilterTime))  // (M3)
    block.set(State.habitualLoad, i, production: state(State.weeklyLoad) * inverseAccommodationTime,
              loss: L(broadcast: inverseAccommodationTime))  // (M4)
    let none = L(broadcast: 0)
    block.set(State.depotTestosterone, i, production: none, loss: none)  // stepped by `linearPart`
    block.set(State.anastrozoleAmount, i, production: none, loss: none)
  }

  // MARK: Outputs

  @inlinable
  public func computeOutputs<L: Lane>(_ block: OutputBlock, row i: Int, as lane: L.Type) {
    let state: (Int) -> L = { block.state($0, i) }
    let initial: (Int) -> L = { block.initial($0, i) }
    let input: (Int) -> L = { block.input($0, i) }
    let pre = prepared(input: input)
    let sys = systemic(state: state, input: input, prepared: pre)
    // Free RANKL and OPG (Eqs. 4, 6), quotient by quotient: only on output days.
    let zero = L(broadcast: 0)
    let signals = core.signals(
      OBp: state(State.OBp), OBa: state(State.OBa), OCa: state(State.OCa), pth: pre.pth,
      injectionOPG: zero, injectionRANKL: zero, injectionTGFb: zero, extraRANKL: sys.extraRANKL)
    let set: (Output, L) -> Void = { block.set($0.column, i, $1) }
    let (ls, fn) = (State.site(0), State.site(1))
    let mineralLS = state(ls + Site.mineral) / initial(ls + Site.mineral)
    let mineralFN = state(fn + Site.mineral) / initial(fn + Site.mineral)
    set(.bmdLS, input(In.bmd0LS) * mineralLS)  // (B10)
    set(.bmdFN, input(In.bmd0FN) * mineralFN)
    set(.bmdPctLS, 100 * (mineralLS - 1))
    set(.bmdPctFN, 100 * (mineralFN - 1))
    set(.volumeLS, state(ls + Site.osteoid) + state(ls + Site.matrix))
    set(.volumeFN, state(fn + Site.osteoid) + state(fn + Site.matrix))
    // Markers: whole-skeleton BMU resorption (CTX) and cavity refill (P1NP) relative to day 0;
    // both follow activation, which integrates its drive over weeks (B1).
    let (tauLS, tauFN) = turnoverPerDay
    let resorption = tauLS * state(ls + Site.activation) + tauFN * state(fn + Site.activation)
    let resorption0 = tauLS * initial(ls + Site.activation) + tauFN * initial(fn + Site.activation)
    let refill = state(State.capacity) * (state(ls + Site.space) + state(fn + Site.space))
    let refill0 = initial(State.capacity) * (initial(ls + Site.space) + initial(fn + Site.space))
    set(.ctx, 100 * (resorption / resorption0 - 1))
    set(.p1np, 100 * (refill / refill0 - 1))
    set(.activationLS, state(ls + Site.activation))
    set(.activationFN, state(fn + Site.activation))
    set(.spaceLS, state(ls + Site.space))
    set(.spaceFN, state(fn + Site.space))
    set(.osteoclasts, state(State.OCa))
    set(.osteoblasts, state(State.OBa))
    set(.rankl, signals.rankl)
    set(.opg, signals.opg)
    set(.estradiol, sys.levels.estradiol)
    set(.testosterone, sys.levels.testosterone)
    set(.progesterone, sys.levels.progesterone)
    set(.anastrozole, sys.levels.anastrozole)
    set(.energy, input(In.energy))
    set(.stimulusLS, site(0, sys, state: state, input: input).strainEnergy)
    set(.stimulusFN, site(1, sys, state: state, input: input).strainEnergy)
  }
}

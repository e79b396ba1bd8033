import BoneSimCore

/// The RANKL–RANK–OPG, PTH and TGF-β regulation of the Pivonka et al. 2008 model structure,
/// shared by `Pivonka2008`, `Scheiner2013` and the full model.
///
/// Pivonka P et al. Model structure and control of bone remodeling: a theoretical study.
/// Bone 2008;43:249–263, doi:10.1016/j.bone.2008.03.025 — the structure with RANKL on
/// osteoblast precursors and OPG on active osteoblasts, carried forward by Pivonka 2010,
/// Scheiner 2013, Lerebours 2016 and Martínez-Reina 2019 (docs/VERIFICATION.md and docs/REFERENCES.md):
/// ```
/// TGFβ  = (α·k_res·OCa + I_TGFβ) / D_TGFβ                                       (1)
/// PTH   = (β_PTH + I_PTH) / D_PTH                                               (2)
/// P_OPG = β_OPG·OBa·rep(PTH, K_PTH,rep)                                         (3)
/// OPG   = (P_OPG + I_OPG) / (P_OPG/OPG_max + D_OPG)                             (4)
/// L_eff = N_L·OBp·act(PTH, K_PTH,act)                                           (5)
/// RANKL = L_eff / (1 + K_A1·OPG + K_A2·RANK) · (β_L + I_L + P_L) / (β_L + D_L·L_eff)  (6)
/// π_L   = act(K_A2·RANK·RANKL, K_L)                                             (7)
/// dOBp/dt = D_OBu·act(TGFβ, K_T,OBu) − D_OBp·OBp·rep(TGFβ, K_T,OBp)             (8)
/// dOBa/dt = D_OBp·OBp·rep(TGFβ, K_T,OBp) − A_OBa·OBa                            (9)
/// dOCa/dt = D_OCp·π_L − A_OCa·OCa·act(TGFβ, K_T,OCa)                            (10)
/// ```
/// `P_L` is any extra RANKL production (mechanical disuse in Scheiner 2013, estrogen
/// deficiency in the full model). Equation (4) is the closed form of bone-models'
/// `(P_OPG + I_OPG)·OPG_max/(P_OPG + D_OPG·OPG_max)`.
public struct BoneCellCore: Sendable {
  @usableFromInline let differentiationOBu, differentiationOBp, apoptosisOBa: Double
  @usableFromInline let differentiationOCp, apoptosisOCa: Double
  @usableFromInline let tgfbActivationOBu, tgfbRepressionOBp, tgfbActivationOCa: Double
  @usableFromInline let tgfbReleasePerOCa, tgfbDegradation: Double
  @usableFromInline let pthProduction, pthDegradation, pthActivation, pthRepression: Double
  @usableFromInline let opgPerOBa, opgMax, opgDegradation: Double
  @usableFromInline let ranklPerOBp, ranklProduction, ranklDegradation: Double
  @usableFromInline let affinityRANKL_OPG, affinityRANKL_RANK, totalRANK, ranklRankActivation: Double
  /// 1/D_TGFβ and 1/OPG_max, for `signalFractions`.
  @usableFromInline let inverseTGFbDegradation, inverseOPGMax: Double

  /// Reads the core's parameters (names as in `Pivonka2008.parameterTable`) from `table`.
  public init(_ table: ParameterTable) {
    differentiationOBu = table["OBu.differentiation"]
    differentiationOBp = table["OBp.differentiation"]
    apoptosisOBa = table["OBa.apoptosis"]
    differentiationOCp = table["OCp.differentiation"]
    apoptosisOCa = table["OCa.apoptosis"]
    tgfbActivationOBu = table["TGFb.activationOBu"]
    tgfbRepressionOBp = table["TGFb.repressionOBp"]
    tgfbActivationOCa = table["TGFb.activationOCa"]
    tgfbReleasePerOCa = table["TGFb.releasePerOCa"]
    tgfbDegradation = table["TGFb.degradation"]
    pthProduction = table["PTH.production"]
    pthDegradation = table["PTH.degradation"]
    pthActivation = table["PTH.activationOB"]
    pthRepression = table["PTH.repressionOB"]
    opgPerOBa = table["OPG.productionPerOBa"]
    opgMax = table["OPG.max"]
    opgDegradation = table["OPG.degradation"]
    ranklPerOBp = table["RANKL.maxPerOBp"]
    ranklProduction = table["RANKL.production"]
    ranklDegradation = table["RANKL.degradation"]
    affinityRANKL_OPG = table["RANKL_OPG.affinity"]
    affinityRANKL_RANK = table["RANKL_RANK.affinity"]
    totalRANK = table["RANK.total"]
    ranklRankActivation = table["RANKL_RANK.activationOCp"]
    inverseTGFbDegradation = 1 / tgfbDegradation
    inverseOPGMax = 1 / opgMax
  }

  /// Signals acting on the cells for given cell concentrations [pM] and exogenous inputs.
  public struct Signals<L: Lane> {
    /// TGF-β activation of uncommitted osteoblast differentiation, act(TGFβ, K_T,OBu).
    public var tgfbOBu: L
    /// TGF-β repression of precursor differentiation, rep(TGFβ, K_T,OBp).
    public var tgfbOBp: L
    /// TGF-β activation of osteoclast apoptosis, act(TGFβ, K_T,OCa).
    public var tgfbOCa: L
    /// RANKL–RANK occupancy driving osteoclast formation, π_L.
    public var ranklRANK: L
    /// Free RANKL [pM].
    public var rankl: L
    /// OPG [pM].
    public var opg: L
    /// PTH [pM].
    public var pth: L

    @inlinable
    public init(tgfbOBu: L, tgfbOBp: L, tgfbOCa: L, ranklRANK: L, rankl: L, opg: L, pth: L) {
      self.tgfbOBu = tgfbOBu
      self.tgfbOBp = tgfbOBp
      self.tgfbOCa = tgfbOCa
      self.ranklRANK = ranklRANK
      self.rankl = rankl
      self.opg = opg
      self.pth = pth
    }
  }

  /// Equations (1)–(7).
  ///
  /// - Parameters: cell concentrations [pM]; exogenous inputs `injectionPTH`, `injectionOPG`,
  ///   `injectionRANKL`, `injectionTGFb` and extra RANKL production `extraRANKL` [pM/day].
  @inlinable @inline(__always)
  public func signals<L: Lane>(
    OBp: L, OBa: L, OCa: L, injectionPTH: L, injectionOPG: L, injectionRANKL: L,
    injectionTGFb: L, extraRANKL: L
  ) -> Signals<L> {
    signals(
      OBp: OBp, OBa: OBa, OCa: OCa, pth: pthSignal(injectionPTH: injectionPTH), injectionOPG: injectionOPG,
      injectionRANKL: injectionRANKL, injectionTGFb: injectionTGFb, extraRANKL: extraRANKL)
  }

  /// PTH and its two Hill factors on osteoblasts: they depend on the PTH input alone, so a
  /// model whose PTH input holds for days can compute them once (`CohortModel.prepare`).
  public struct PTHSignal<L: Lane> {
    /// PTH [pM], Eq. (2).
    public var level: L
    /// rep(PTH, K_PTH,rep) of OPG production, Eq. (3).
    public var repression: L
    /// act(PTH, K_PTH,act) of RANKL expression, Eq. (5).
    public var activation: L

    @inlinable
    public init(level: L, repression: L, activation: L) {
      self.level = level
      self.repression = repression
      self.activation = activation
    }
  }

  /// Eq. (2) and the PTH factors of Eqs. (3) and (5) for exogenous PTH `injectionPTH` [pM/day].
  @inlinable @inline(__always)
  public func pthSignal<L: Lane>(injectionPTH: L) -> PTHSignal<L> {
    let pth = (pthProduction + injectionPTH) / pthDegradation  // Eq. (2)
    return PTHSignal(level: pth, repression: repression(pth, pthRepression), activation: activation(pth, pthActivation))
  }

  /// Equations (1)–(7) with the PTH signal given.
  @inlinable @inline(__always)
  public func signals<L: Lane>(
    OBp: L, OBa: L, OCa: L, pth signal: PTHSignal<L>, injectionOPG: L, injectionRANKL: L,
    injectionTGFb: L, extraRANKL: L
  ) -> Signals<L> {
    let tgfb = (tgfbReleasePerOCa * OCa + injectionTGFb) / tgfbDegradation  // Eq. (1)
    let pth = signal.level
    let opgProduction = opgPerOBa * OBa * signal.repression  // Eq. (3)
    let opg = (opgProduction + injectionOPG) / (opgProduction / opgMax + opgDegradation)  // Eq. (4)
    let effectiveRANKL = ranklPerOBp * OBp * signal.activation  // Eq. (5)
    let rankl =
      effectiveRANKL / (1 + affinityRANKL_OPG * opg + affinityRANKL_RANK * totalRANK)
      * (ranklProduction + injectionRANKL + extraRANKL)
      / (ranklProduction + ranklDegradation * effectiveRANKL)  // Eq. (6)
    let bound = affinityRANKL_RANK * totalRANK * rankl
    return Signals(
      tgfbOBu: activation(tgfb, tgfbActivationOBu),
      tgfbOBp: repression(tgfb, tgfbRepressionOBp),
      tgfbOCa: activation(tgfb, tgfbActivationOCa),
      ranklRANK: activation(bound, ranklRankActivation),  // Eq. (7)
      rankl: rankl, opg: opg, pth: pth)
  }

  /// The four Hill factors that drive the cells in Eqs. (8)–(10), each as a numerator and a
  /// denominator, so that a caller can take all denominators' reciprocals with one division
  /// (`reciprocals`). The same equations (1)–(7) as `signals`, with free RANKL and OPG
  /// substituted into π_L:
  /// ```
  /// OPG = n_O/d_O,  n_O = P_OPG + I_OPG,  d_O = P_OPG/OPG_max + D_OPG            (4)
  /// E = β_L + D_L·L_eff,  S = β_L + I_L + P_L,  a = K_A2·RANK
  /// RANKL = L_eff·S·d_O / (((1 + a)·d_O + K_A1·n_O)·E)                            (6)
  /// π_L = B / (B + K_L·((1 + a)·d_O + K_A1·n_O)·E),  B = a·L_eff·S·d_O            (7)
  /// ```
  /// Products replace the divisions by the constants D_TGFβ and OPG_max. The factors differ
  /// from `signals` in their last bits only (the rounding of the reordered products).
  @inlinable @inline(__always)
  public func signalFractions<L: Lane>(
    OBp: L, OBa: L, OCa: L, pth signal: PTHSignal<L>, injectionOPG: L, injectionRANKL: L,
    injectionTGFb: L, extraRANKL: L
  ) -> SignalFractions<L> {
    let tgfb = (tgfbReleasePerOCa * OCa + injectionTGFb) * inverseTGFbDegradation  // Eq. (1)
    let opgProduction = opgPerOBa * OBa * signal.repression  // Eq. (3)
    let opgNumerator = opgProduction + injectionOPG
    let opgDenominator = opgProduction * inverseOPGMax + opgDegradation  // Eq. (4)
    let effectiveRANKL = ranklPerOBp * OBp * signal.activation  // Eq. (5)
    let supply = ranklProduction + injectionRANKL + extraRANKL
    let decay = ranklProduction + ranklDegradation * effectiveRANKL
    let rankOccupancy = affinityRANKL_RANK * totalRANK
    let binding = ((1 + rankOccupancy) * opgDenominator + affinityRANKL_OPG * opgNumerator) * decay  // Eq. (6)
    let bound = rankOccupancy * effectiveRANKL * supply * opgDenominator
    return SignalFractions(
      tgfbOBu: Fraction(numerator: tgfb, denominator: tgfb + tgfbActivationOBu),
      tgfbOBp: Fraction(numerator: L(broadcast: tgfbRepressionOBp), denominator: tgfb + tgfbRepressionOBp),
      tgfbOCa: Fraction(numerator: tgfb, denominator: tgfb + tgfbActivationOCa),
      ranklRANK: Fraction(numerator: bound, denominator: bound + ranklRankActivation * binding))  // Eq. (7)
  }

  /// A quotient kept as its two terms.
  public struct Fraction<L: Lane> {
    public var numerator: L
    public var denominator: L

    @inlinable
    public init(numerator: L, denominator: L) {
      self.numerator = numerator
      self.denominator = denominator
    }
  }

  /// The Hill factors of `Signals` that act on the cells, as fractions (`signalFractions`).
  public struct SignalFractions<L: Lane> {
    /// act(TGFβ, K_T,OBu).
    public var tgfbOBu: Fraction<L>
    /// rep(TGFβ, K_T,OBp).
    public var tgfbOBp: Fraction<L>
    /// act(TGFβ, K_T,OCa).
    public var tgfbOCa: Fraction<L>
    /// π_L.
    public var ranklRANK: Fraction<L>

    @inlinable
    public init(tgfbOBu: Fraction<L>, tgfbOBp: Fraction<L>, tgfbOCa: Fraction<L>, ranklRANK: Fraction<L>) {
      self.tgfbOBu = tgfbOBu
      self.tgfbOBp = tgfbOBp
      self.tgfbOCa = tgfbOCa
      self.ranklRANK = ranklRANK
    }
  }

  /// Right-hand sides (8)–(10) without inputs, for one patient (steady-state search).
  public func derivative(_ x: [Double]) -> [Double] {
    let s = signals(
      OBp: x[0], OBa: x[1], OCa: x[2], injectionPTH: 0, injectionOPG: 0, injectionRANKL: 0,
      injectionTGFb: 0, extraRANKL: 0)
    return [
      differentiationOBu * s.tgfbOBu - differentiationOBp * x[0] * s.tgfbOBp,
      differentiationOBp * x[0] * s.tgfbOBp - apoptosisOBa * x[1],
      differentiationOCp * s.ranklRANK - apoptosisOCa * x[2] * s.tgfbOCa,
    ]
  }

  /// The steady state (OBp, OBa, OCa) [pM] nearest `guess`, by Newton's method.
  public func steadyState(near guess: [Double]) throws -> [Double] {
    try SteadyState.solve(guess: guess) { derivative($0) }
  }
}

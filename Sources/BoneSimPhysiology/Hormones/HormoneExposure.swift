import BoneSimCore

/// Serum hormone levels and the estrogen exposure of bone, from the time relative to the
/// final menstrual period, ovarian (HPG) function and the drug states and inputs.
///
/// Serum estradiol is on the **sensitive-assay scale** (LC-MS/MS or extraction RIA): about
/// 5 pg/mL after the menopause. Older direct immunoassays read postmenopausal levels of
/// 10–20 pg/mL; add that offset to compare.
/// ```
/// p_a      = 1/(1 + exp(−(t − t_a)/w_a))                 share of time in low-estrogen stretches (H1)
/// I_AI     = I_max·C_AI/(C_AI + IC50)                      aromatase inhibition               (H2)
/// E2_hi    = η_E·[E_pre·H·(1 − E_f/E_pre) + E_f·(1 − φ_arom·I_AI)]   cycling, ovulatory      (H3)
/// E2_lo    = η_E·E_f·(1 − φ_arom·I_AI)                     anovulatory or postmenopausal      (H3')
/// E2_exo   = C_50·(D/50 µg/day)^n_pk / η_CL,  D = R_patch + 1000·F_gel·D_gel    patch, gel   (H4)
/// T        = T_endo + 10⁵·k_a·A_TC/(CL_T·η_T)              testosterone [ng/dL]               (H5)
/// P4       = P_post + (P_pre − P_post)·H·(1 − p_a) + AUC_mg·D_P4   progesterone [ng/mL]       (H6)
/// E2       = (1 − p_a)·E2_hi + p_a·E2_lo + E2_exo          serum estradiol [pg/mL]            (H7)
/// E_hi,lo  = (E2_hi,lo + E2_exo)/(η_E·E_pre) + a_arom·(T − T_endo)/100·(1 − I_AI)  bone exposure (H8)
/// ```
/// (H1) replaces an estradiol fall at the FMP by the late menopausal transition: intervals of
/// amenorrhoea with low estradiol become common 1–2 years before the FMP (STRAW+10, Harlow
/// 2012; Sowers 2010; Randolph 2011). Bone sees both levels, weighted by time (`lowShare`),
/// so intermittent deficiency acts although the mean level is still high. (H4) is empirical:
/// exposure is not proportional to patch dose across 14 and 50 µg/day (Ettinger 2004;
/// Scott 1991). Bone exposure is relative to the patient's own premenopausal level.
/// Intrinsic half-lives of estradiol, testosterone and progesterone are minutes to hours, so
/// serum levels are quasi-steady in the daily input; only the testosterone cypionate depot
/// (A_TC, mg testosterone) and anastrozole (A_AI, mg) carry state.
public struct HormoneExposure: Sendable {
  @usableFromInline let premenopausalE2, postmenopausalFloor, lowOnset, inverseLowWidth: Double
  @usableFromInline let patchExposure, patchExponent, gelBioavailability, aromatizedFraction: Double
  @usableFromInline let endogenousT, depotRelease, clearanceT, tissueAromatization: Double
  @usableFromInline let progesteronePerMg, progesteronePre, progesteronePost: Double
  @usableFromInline let anastrozoleVolume, maxInhibition, ic50: Double

  public init(_ p: ParameterTable) {
    premenopausalE2 = p["estradiol.premenopausal"]
    postmenopausalFloor = p["estradiol.postmenopausalFloor"]
    lowOnset = p["estradiol.lowEstrogenOnset"]
    inverseLowWidth = 1 / p["estradiol.lowEstrogenWidth"]
    patchExposure = p["estradiol.patchExposure"]
    patchExponent = p["estradiol.patchExponent"]
    gelBioavailability = p["estradiol.gelBioavailability"]
    aromatizedFraction = p["estradiol.aromatizedFraction"]
    endogenousT = p["testosterone.endogenous"]
    depotRelease = p["testosterone.depotRelease"]
    clearanceT = p["testosterone.clearance"]
    tissueAromatization = p["testosterone.tissueAromatization"]
    progesteronePerMg = p["progesterone.exposurePerMg"]
    progesteronePre = p["progesterone.premenopausal"]
    progesteronePost = p["progesterone.postmenopausal"]
    anastrozoleVolume = p["anastrozole.volume"]
    maxInhibition = p["anastrozole.maxInhibition"]
    ic50 = p["anastrozole.IC50"]
  }

  /// Levels for one lane of patients.
  public struct Levels<L: Lane> {
    /// Serum estradiol, sensitive-assay scale [pg/mL] (H7).
    public var estradiol: L
    /// Serum testosterone [ng/dL].
    public var testosterone: L
    /// Exogenous part of serum testosterone [ng/dL].
    public var exogenousTestosterone: L
    /// Serum progesterone, 24-h mean [ng/mL].
    public var progesterone: L
    /// Exogenous part of serum progesterone [ng/mL].
    public var exogenousProgesterone: L
    /// Serum anastrozole [ng/mL].
    public var anastrozole: L
    /// Share of time spent in low-estrogen (anovulatory or postmenopausal) stretches [1] (H1).
    public var lowShare: L
    /// Bone estrogen exposure while cycling, relative to the premenopausal level [1] (H8).
    public var boneHigh: L
    /// Bone estrogen exposure in low-estrogen stretches [1] (H8).
    public var boneLow: L

    @inlinable
    public init(
      estradiol: L, testosterone: L, exogenousTestosterone: L, progesterone: L,
      exogenousProgesterone: L, anastrozole: L, lowShare: L, boneHigh: L, boneLow: L
    ) {
      self.estradiol = estradiol
      self.testosterone = testosterone
      self.exogenousTestosterone = exogenousTestosterone
      self.progesterone = progesterone
      self.exogenousProgesterone = exogenousProgesterone
      self.anastrozole = anastrozole
      self.lowShare = lowShare
      self.boneHigh = boneHigh
      self.boneLow = boneLow
    }
  }

  /// Serum estradiol added by a patch rate or gel-equivalent delivery `d` [µg/day] (H4),
  /// before the clearance multiplier.
  @inlinable @inline(__always)
  public func exogenousEstradiol<L: Lane>(delivered d: L) -> L {
    let ratio = L.maximum(d * (1.0 / 50), 1e-12)
    let level = patchExposure * L.exponential(patchExponent * L.logarithm(ratio))
    return d.select(greaterThan: 0, level, L(broadcast: 0))
  }

  /// Serum estradiol from a patch rate `patch` [µg/day] and gel `gel` [mg/day] after the
  /// clearance multiplier (H4) [pg/mL]: inputs only.
  @inlinable @inline(__always)
  public func exogenousEstradiol<L: Lane>(patch: L, gel: L, clearanceScale: L) -> L {
    exogenousEstradiol(delivered: patch + 1000 * gelBioavailability * gel) / clearanceScale
  }

  /// 1/(E_pre·η_E) [mL/pg], the patient's premenopausal reference of (H8): inputs only.
  @inlinable @inline(__always)
  public func inverseReference<L: Lane>(endogenousScale: L) -> L { 1 / (premenopausalE2 * endogenousScale) }

  /// Equations (H1)–(H8), with the input-only parts of (H4) and (H8) computed by the two
  /// functions above (`IntegratedModel` prepares them when the inputs change).
  ///
  /// - Parameters: `yearsSinceFMP` [y]; `hpg` ovarian function H [1]; drug amounts
  ///   `depotTestosterone` [mg], `anastrozoleAmount` [mg]; `exogenousEstradiol` [pg/mL];
  ///   `progesteroneDose` [mg/day]; `endogenousScale` [1]; `inverseReference` [mL/pg];
  ///   `testosteroneClearanceScale` [1].
  @inlinable @inline(__always)
  public func levels<L: Lane>(
    yearsSinceFMP: L, hpg: L, depotTestosterone: L, anastrozoleAmount: L, exogenousEstradiol exogenous: L,
    progesteroneDose: L, endogenousScale: L, inverseReference scale: L, testosteroneClearanceScale: L
  ) -> Levels<L> {
    let low = 1 / (1 + L.exponential((lowOnset - yearsSinceFMP) * inverseLowWidth))  // (H1)
    let anastrozole = anastrozoleAmount * (1000 / anastrozoleVolume)  // mg/L → ng/mL
    // (H2) and (H5) share one division (`reciprocals`; both denominators are positive and bounded).
    let (toInhibition, toClearance) = reciprocals(anastrozole + ic50, clearanceT * testosteroneClearanceScale)
    let inhibition = maxInhibition * anastrozole * toInhibition  // (H2)
    let floor = postmenopausalFloor * endogenousScale * (1 - aromatizedFraction * inhibition)
    let cycling = (premenopausalE2 - postmenopausalFloor) * endogenousScale * hpg + floor  // (H3)
    let exogenousT = 1.0e5 * depotRelease * depotTestosterone * toClearance  // (H5)
    let exogenousProgesterone = progesteronePerMg * progesteroneDose
    let progesterone =
      progesteronePost + (progesteronePre - progesteronePost) * hpg * (1 - low) + exogenousProgesterone  // (H6)
    let estradiol = cycling + low * (floor - cycling) + exogenous  // (H7)
    let aromatized = tissueAromatization * 0.01 * exogenousT * (1 - inhibition)
    return Levels(
      estradiol: estradiol, testosterone: endogenousT + exogenousT, exogenousTestosterone: exogenousT,
      progesterone: progesterone, exogenousProgesterone: exogenousProgesterone, anastrozole: anastrozole,
      lowShare: low, boneHigh: (cycling + exogenous) * scale + aromatized,
      boneLow: (floor + exogenous) * scale + aromatized)  // (H8)
  }
}

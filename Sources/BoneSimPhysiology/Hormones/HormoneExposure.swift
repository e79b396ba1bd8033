import BoneSimCore

/// Serum hormone levels and the estrogen exposure of bone, from the time relative to the
/// final menstrual period, ovarian (HPG) function and the drug states and inputs.
///
/// ```
/// s(t)     = 1/(1 + exp((t − t_FMP)/w))                       ovarian activity, SWAN timing   (H1)
/// I_AI     = I_max·C_AI/(C_AI + IC50)                          aromatase inhibition             (H2)
/// E2_endo  = E_pre·η_E·[H·(1 − E_f)·s + E_f·(1 − φ_arom·I_AI)]  endogenous estradiol [pg/mL]   (H3)
/// E2_exo   = 1000·(R_patch + 1000·F_gel·D_gel)/(CL_E2·η_CL)     patch, gel (quasi-steady)       (H4)
/// T        = T_endo + 10⁵·k_a·A_TC/(CL_T·η_T)                   testosterone [ng/dL]            (H5)
/// P4       = P_post + (P_pre − P_post)·H·s + AUC_mg·D_P4        progesterone [ng/mL]            (H6)
/// E        = (E2_endo + E2_exo)/E_pre + a_arom·(T − T_endo)/100·(1 − I_AI)   bone exposure     (H7)
/// ```
/// Intrinsic half-lives of estradiol, testosterone and progesterone are minutes to hours, so
/// serum levels are quasi-steady in the daily input; only the testosterone cypionate depot
/// (A_TC, mg testosterone) and anastrozole (A_AI, mg) carry state (CLINICAL.md A1).
/// Units convert here and nowhere else: µg/day ÷ L/day = µg/L = 1000 pg/mL; mg/L = 10⁵ ng/dL.
public struct HormoneExposure: Sendable {
  @usableFromInline let premenopausalE2, postmenopausalFraction, transitionCentre, transitionWidth: Double
  @usableFromInline let clearanceE2, gelBioavailability, aromatizedFraction: Double
  @usableFromInline let endogenousT, depotRelease, clearanceT, tissueAromatization: Double
  @usableFromInline let progesteronePerMg, progesteronePre, progesteronePost: Double
  @usableFromInline let anastrozoleVolume, maxInhibition, ic50: Double

  public init(_ p: ParameterTable) {
    premenopausalE2 = p["estradiol.premenopausal"]
    postmenopausalFraction = p["estradiol.postmenopausalFraction"]
    transitionCentre = p["estradiol.transitionCentre"]
    transitionWidth = p["estradiol.transitionWidth"]
    clearanceE2 = p["estradiol.clearance"]
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
    /// Serum estradiol [pg/mL].
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
    /// Estrogen exposure of bone relative to the premenopausal cycle average [1].
    public var boneEstrogen: L

    @inlinable
    public init(
      estradiol: L, testosterone: L, exogenousTestosterone: L, progesterone: L,
      exogenousProgesterone: L, anastrozole: L, boneEstrogen: L
    ) {
      self.exogenousProgesterone = exogenousProgesterone
      self.estradiol = estradiol
      self.testosterone = testosterone
      self.exogenousTestosterone = exogenousTestosterone
      self.progesterone = progesterone
      self.anastrozole = anastrozole
      self.boneEstrogen = boneEstrogen
    }
  }

  /// Equations (H1)–(H7).
  ///
  /// - Parameters: `yearsSinceFMP` [y]; `hpg` ovarian function H [1]; drug amounts
  ///   `depotTestosterone` [mg], `anastrozoleAmount` [mg]; doses `patch` [µg/day], `gel` [mg/day],
  ///   `progesteroneDose` [mg/day]; multipliers `endogenousScale`, `estradiolClearanceScale`,
  ///   `testosteroneClearanceScale` [1].
  @inlinable @inline(__always)
  public func levels<L: Lane>(
    yearsSinceFMP: L, hpg: L, depotTestosterone: L, anastrozoleAmount: L, patch: L, gel: L,
    progesteroneDose: L, endogenousScale: L, estradiolClearanceScale: L, testosteroneClearanceScale: L
  ) -> Levels<L> {
    let ovarian = 1 / (1 + L.exponential((yearsSinceFMP - transitionCentre) * (1 / transitionWidth)))  // (H1)
    let anastrozole = anastrozoleAmount * (1000 / anastrozoleVolume)  // mg/L → ng/mL
    let inhibition = maxInhibition * anastrozole / (anastrozole + ic50)  // (H2)
    let endogenous =
      premenopausalE2 * endogenousScale
      * (hpg * ovarian * (1 - postmenopausalFraction)
        + postmenopausalFraction * (1 - aromatizedFraction * inhibition))  // (H3)
    let exogenous = 1000 * (patch + 1000 * gelBioavailability * gel) / (clearanceE2 * estradiolClearanceScale)  // (H4)
    let exogenousT = 1.0e5 * depotRelease * depotTestosterone / (clearanceT * testosteroneClearanceScale)  // (H5)
    let exogenousProgesterone = progesteronePerMg * progesteroneDose
    let progesterone = progesteronePost + (progesteronePre - progesteronePost) * hpg * ovarian + exogenousProgesterone  // (H6)
    let estradiol = endogenous + exogenous
    let boneEstrogen =
      estradiol * (1 / premenopausalE2)
      + tissueAromatization * 0.01 * exogenousT * (1 - inhibition)  // (H7)
    return Levels(
      estradiol: estradiol, testosterone: endogenousT + exogenousT, exogenousTestosterone: exogenousT,
      progesterone: progesterone, exogenousProgesterone: exogenousProgesterone, anastrozole: anastrozole,
      boneEstrogen: boneEstrogen)
  }
}

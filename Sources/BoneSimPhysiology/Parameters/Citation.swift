/// A source that a parameter or equation comes from.
public struct Citation: Sendable, Hashable, CustomStringConvertible {
  /// Short key, e.g. `lemaire2004`.
  public let key: String
  /// Full reference.
  public let reference: String
  /// DOI, when there is one.
  public let doi: String?

  public init(key: String, reference: String, doi: String? = nil) {
    self.key = key
    self.reference = reference
    self.doi = doi
  }

  public var description: String { doi.map { "\(reference) doi:\($0)" } ?? reference }
}

extension Citation {
  public static let lemaire2004 = Citation(
    key: "lemaire2004",
    reference: "Lemaire V, Tobin FL, Greller LD, Cho CR, Suva LJ. Modeling the interactions between "
      + "osteoblast and osteoclast activities in bone remodeling. J Theor Biol 2004;229(3):293-309. "
      + "BioModels BIOMD0000000278.",
    doi: "10.1016/j.jtbi.2004.03.023")

  public static let pivonka2008 = Citation(
    key: "pivonka2008",
    reference: "Pivonka P, Zimak J, Smith DW, Gardiner BS, Dunstan CR, Sims NA, Martin TJ, Mundy GR. "
      + "Model structure and control of bone remodeling: a theoretical study. Bone 2008;43(2):249-263.",
    doi: "10.1016/j.bone.2008.03.025")

  public static let scheiner2013 = Citation(
    key: "scheiner2013",
    reference: "Scheiner S, Pivonka P, Hellmich C. Coupling systems biology with multiscale mechanics, "
      + "for computer simulations of bone remodeling. Comput Methods Appl Mech Eng 2013;254:181-196.",
    doi: "10.1016/j.cma.2012.10.015")

  public static let boneModels = Citation(
    key: "bone-models",
    reference: "Modiz C et al. bone-models 0.1.0 (PyPI; github.com/cmodiz/Bone-Models, MIT), "
      + "parameter files lemaire_/pivonka_/scheiner_parameters.py and load cases.")
}

extension Citation {
  public static let blueprint = Citation(
    key: "blueprint",
    reference: "BoneSim integrated-model blueprint (shared/science/BLUEPRINT.md): starting values "
      + "from a feasibility study, to be calibrated.")
  public static let martinezReina2019 = Citation(
    key: "martinezreina2019",
    reference: "Martinez-Reina J, Pivonka P. Effects of long-term treatment of denosumab on bone "
      + "mineral density: insights from an in-silico model of bone mineralization. Bone 2019;125:87-95.",
    doi: "10.1016/j.bone.2019.04.022")
  public static let stricker2006 = Citation(
    key: "stricker2006",
    reference: "Stricker R et al. Establishment of detailed reference values for luteinizing hormone, "
      + "follicle stimulating hormone, estradiol, and progesterone during different phases of the "
      + "menstrual cycle on the Abbott ARCHITECT analyzer. Clin Chem Lab Med 2006;44:883-887.")
  public static let randolph2011 = Citation(
    key: "randolph2011",
    reference: "Randolph JF Jr et al. Change in follicle-stimulating hormone and estradiol across the "
      + "menopausal transition: effect of age at the final menstrual period (SWAN). J Clin Endocrinol "
      + "Metab 2011;96:746-754.")
  public static let estradiolPatchLabels = Citation(
    key: "e2patch",
    reference: "Estradiol transdermal system labels (Climara, Estraderm); Scott RT et al. 1991 "
      + "(50 ug/day: 41.1 +- 13.5 pg/mL); CLINICAL.md A1.")
  public static let testosteroneLabel = Citation(
    key: "tclabel",
    reference: "Depo-Testosterone (testosterone cypionate) label, apparent half-life ~8 days; "
      + "Saez 1972 metabolic clearance of testosterone in women; CLINICAL.md A1/A1b.")
  public static let prometrium = Citation(
    key: "prometrium",
    reference: "Prometrium (progesterone, USP) label: multiple-dose PK, AUC0-10 about 0.5 ng h/mL per mg.")
  public static let anastrozoleLabel = Citation(
    key: "arimidex",
    reference: "Arimidex (anastrozole) label and SmPC: t1/2 40-50 h, V/F about 90 L; Geisler J et al. "
      + "Br J Cancer 1996;74:1286-1291 (in vivo aromatase inhibition 96.7 %, plasma E2 -83.5 %).")
  public static let loucks2003 = Citation(
    key: "loucks2003",
    reference: "Loucks AB, Thuma JR. Luteinizing hormone pulsatility is disrupted at a threshold of "
      + "energy availability in regularly menstruating women. J Clin Endocrinol Metab 2003;88:297-311.")
  public static let ihle2004 = Citation(
    key: "ihle2004",
    reference: "Ihle R, Loucks AB. Dose-response relationships between energy availability and bone "
      + "turnover in young exercising women. J Bone Miner Res 2004;19:1231-1240.")
  public static let braunstein2011 = Citation(
    key: "braunstein2011",
    reference: "Braunstein GD et al. Serum androgen levels in women (age-30 premenopausal 15-46 ng/dL). "
      + "Menopause 2011; CLINICAL.md A1.")
}

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
  /// The BoneSim integrated model itself: values fitted by tools/calibrate/calibrate.py to the
  /// `fit` rows of validation/targets.csv, or modelling assumptions argued in docs/MODEL.md.
  public static let blueprint = Citation(
    key: "bonesim",
    reference: "BoneSim integrated model (docs/MODEL.md; derivations and sources in docs/REFERENCES.md); "
      + "calibrated values come from tools/calibrate/calibrate.py on the fit rows of validation/targets.csv.")
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
      + "(50 ug/day: 41.1 +- 13.5 pg/mL above baseline).")
  public static let testosteroneLabel = Citation(
    key: "tclabel",
    reference: "Depo-Testosterone (testosterone cypionate) label, apparent half-life ~8 days; "
      + "Saez JM et al. 1972 (metabolic clearance of testosterone in women, 500-1400 L/day).")
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
    reference: "Braunstein GD et al. Testosterone reference ranges in normally cycling healthy premenopausal "
      + "women. J Sex Med 2011 (age-30 premenopausal total testosterone 15-46 ng/dL).")
}

// Sources of the v2 bone layer (remodeling space, accommodation, late transition, ageing).
extension Citation {
  public static let eriksen1994 = Citation(
    key: "eriksen1994",
    reference: "Eriksen EF, Axelrod DW, Melsen F. Bone Histomorphometry. Raven Press 1994; Eriksen EF. "
      + "Normal and pathological remodeling of human trabecular bone: three dimensional reconstruction "
      + "of the remodeling sequence. Endocr Rev 1986;7:379-408 (remodeling period 0.35-0.5 y).")
  public static let heaney1994 = Citation(
    key: "heaney1994",
    reference: "Heaney RP. The bone-remodeling transient: implications for the interpretation of clinical "
      + "studies of bone mass change. J Bone Miner Res 1994;9:1515-1523.",
    doi: "10.1002/jbmr.5650091003")
  public static let turner1998 = Citation(
    key: "turner1998",
    reference: "Turner CH. Three rules for bone adaptation to mechanical stimuli. Bone 1998;23:399-407 "
      + "(cellular accommodation).",
    doi: "10.1016/S8756-3282(98)00118-5")
  public static let schriefer2005 = Citation(
    key: "schriefer2005",
    reference: "Schriefer JL, Warden SJ, Saxon LK, Robling AG, Turner CH. Cellular accommodation and the "
      + "response of bone to mechanical loading. J Biomech 2005;38:1838-1845.")
  public static let frost1987 = Citation(
    key: "frost1987",
    reference: "Frost HM. Bone 'mass' and the 'mechanostat': a proposal. Anat Rec 1987;219:1-9.",
    doi: "10.1002/ar.1092190104")
  public static let harlow2012 = Citation(
    key: "harlow2012",
    reference: "Harlow SD et al. Executive summary of the Stages of Reproductive Aging Workshop + 10 "
      + "(STRAW+10). Menopause 2012;19:387-395 (late transition: intervals of amenorrhoea >= 60 days).")
  public static let sowers2010 = Citation(
    key: "sowers2010",
    reference: "Sowers MR et al. Amount of bone loss in relation to time around the final menstrual period "
      + "and follicle-stimulating hormone staging of the transmenopause. J Clin Endocrinol Metab "
      + "2010;95:2155-2162.")
  public static let riggs1998 = Citation(
    key: "riggs1998",
    reference: "Riggs BL, Khosla S, Melton LJ 3rd. A unitary model for involutional osteoporosis: estrogen "
      + "deficiency causes both type I and type II osteoporosis in postmenopausal women and contributes to bone "
      + "loss in aging men. J Bone Miner Res 1998;13:763-773.")
  public static let lips1978 = Citation(
    key: "lips1978",
    reference: "Lips P, Courpron P, Meunier PJ. Mean wall thickness of trabecular bone packets in the human "
      + "iliac crest: changes with age. Calcif Tissue Res 1978;26:13-17.")
  public static let parfitt1983 = Citation(
    key: "parfitt1983",
    reference: "Parfitt AM et al. Relationships between surface, volume, and thickness of iliac trabecular "
      + "bone in aging and in osteoporosis. J Clin Invest 1983;72:1396-1409.",
    doi: "10.1172/JCI111096")
  public static let reginster1992 = Citation(
    key: "reginster1992",
    reference: "Reginster JY, Sarlet N, Lecart MP, Franchimont P. Minimal levels of serum estradiol prevent "
      + "postmenopausal bone loss. Calcif Tissue Int 1992;51:340-343 (PMID 1458336).",
    doi: "10.1007/BF00316876")
  public static let recker2004 = Citation(
    key: "recker2004",
    reference: "Recker R, Lappe J, Davies KM, Heaney R. Bone remodeling increases substantially in the years "
      + "after menopause and remains increased in older osteoporosis patients. J Bone Miner Res "
      + "2004;19:1628-1633.",
    doi: "10.1359/JBMR.040710")
  public static let parfitt2002 = Citation(
    key: "parfitt2002",
    reference: "Parfitt AM. Targeted and nontargeted bone remodeling: relationship to basic multicellular unit "
      + "origination and progression. Bone 2002;30:5-7.",
    doi: "10.1016/S8756-3282(01)00642-1")
  public static let hughes1996 = Citation(
    key: "hughes1996",
    reference: "Hughes DE et al. Estrogen promotes apoptosis of murine osteoclasts mediated by TGF-beta. "
      + "Nat Med 1996;2:1132-1136.",
    doi: "10.1038/nm1096-1132")
  public static let ettinger2004 = Citation(
    key: "ettinger2004",
    reference: "Ettinger B et al. Effects of ultralow-dose transdermal estradiol on bone mineral density: a "
      + "randomized clinical trial (ULTRA). Obstet Gynecol 2004;104:443-451.")
  public static let greendale2012 = Citation(
    key: "greendale2012",
    reference: "Greendale GA et al. Bone mineral density loss in relation to the final menstrual period in a "
      + "multiethnic cohort: results from the Study of Women's Health Across the Nation (SWAN). J Bone "
      + "Miner Res 2012;27:111-118.",
    doi: "10.1002/jbmr.534")
}

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

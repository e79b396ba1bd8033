import BoneSimCore

/// The bone cell population model of Lemaire et al. 2004.
///
/// Lemaire V, Tobin FL, Greller LD, Cho CR, Suva LJ. Modeling the interactions between
/// osteoblast and osteoclast activities in bone remodeling. J Theor Biol 2004;229:293–309,
/// doi:10.1016/j.jtbi.2004.03.023; curated SBML BIOMD0000000278.
///
/// States (pM): responding osteoblasts R (`OBp`), active osteoblasts B (`OBa`), active
/// osteoclasts C (`OCa`). RANKL, OPG, RANK, PTH and TGF-β are in quasi-steady state:
/// ```
/// π_C = (C + f0·Cs) / (C + Cs)                                   TGF-β effect     (1)
/// π_P = (I_P/k_P + S_P/k_P) / (I_P/k_P + k6/k5)                  PTH occupancy    (2)
/// π_L = (k3/k4)·K^P_L·π_P·B·(1 + I_L/r_L)
///       / (1 + (k3/k4)·K + (k1/k2)·(K^P_O·R/π_P + I_O)/k_O)      RANKL–RANK       (3)
/// dR/dt = D_R·π_C − (D_B/π_C)·R + I_R                                              (4)
/// dB/dt = (D_B/π_C)·R − k_B·B + I_B                                                (5)
/// dC/dt = D_C·π_L − D_A·π_C·C + I_C                                                (6)
/// ```
/// with `D_B = f0·d_B`. Inputs `I_*` are exogenous dosing rates [pM/day] (the paper's
/// Fig. 2 perturbations; bone-models load cases 1–9).
///
/// Deviations: none in the equations. bone-models names R, B, C `OBp`, `OBa`, `OCa`; so do
/// we, so that `bonesim reference` columns match across the three core models.
public struct Lemaire2004: CohortModel {
  public let stateNames = ["OBp", "OBa", "OCa"]
  public let inputNames = [
    "OBp.injection", "OBa.injection", "OCa.injection",
    "PTH.injection", "OPG.injection", "RANKL.injection",
  ]
  /// Osteoclasts carry the fastest loss (D_A·π_C ≈ 0.14/day at steady state).
  public let stiffStates = [2]
  public let parameters: ParameterTable

  // Resolved parameters (names in the table).
  @usableFromInline let supplyOBp, effectiveDifferentiation, apoptosisOBa: Double
  @usableFromInline let formationOCa, apoptosisOCa, f0, halfSaturationTGFb: Double
  @usableFromInline let totalRANK, kineticsRANKL_OPG, kineticsRANKL_RANK, pthReceptorKd: Double
  @usableFromInline let degradationOPG, opgPerOBp, maxRANKLPerOBa, scaleRANKL: Double
  @usableFromInline let productionPTH, eliminationPTH: Double

  public init(parameters: ParameterTable = Lemaire2004.parameterTable) {
    self.parameters = parameters
    let p = parameters
    supplyOBp = p["OBp.supply"]
    f0 = p["TGFb.basalFraction"]
    effectiveDifferentiation = f0 * p["OBp.differentiation"]
    apoptosisOBa = p["OBa.apoptosis"]
    formationOCa = p["OCa.formation"]
    apoptosisOCa = p["OCa.apoptosis"]
    halfSaturationTGFb = p["TGFb.halfSaturation"]
    totalRANK = p["RANK.total"]
    kineticsRANKL_OPG = p["RANKL_OPG.association"] / p["RANKL_OPG.dissociation"]
    kineticsRANKL_RANK = p["RANKL_RANK.association"] / p["RANKL_RANK.dissociation"]
    pthReceptorKd = p["PTHR.dissociation"] / p["PTHR.association"]
    degradationOPG = p["OPG.degradation"]
    opgPerOBp = p["OPG.productionPerOBp"]
    maxRANKLPerOBa = p["RANKL.maxPerOBa"]
    scaleRANKL = p["RANKL.productionScale"]
    productionPTH = p["PTH.production"]
    eliminationPTH = p["PTH.elimination"]
  }

  /// The steady state (R, B, C) [pM] without inputs, near the published one.
  public func steadyState() throws -> [Double] {
    let none = [Double](repeating: 0, count: inputNames.count)
    return try SteadyState.solve(guess: Self.publishedSteadyState) { derivative(state: $0, inputs: none) }
  }

  @inlinable
  public func rates<L: Lane>(_ block: RateBlock, row i: Int, as lane: L.Type) {
    let R: L = block.state(0, i), B: L = block.state(1, i), C: L = block.state(2, i)
    let injR: L = block.input(0, i), injB: L = block.input(1, i), injC: L = block.input(2, i)
    let injPTH: L = block.input(3, i), injOPG: L = block.input(4, i), injRANKL: L = block.input(5, i)

    let piC = (C + f0 * halfSaturationTGFb) / (C + halfSaturationTGFb)  // Eq. (1)
    let exogenousPTH = injPTH / eliminationPTH
    let piP = (exogenousPTH + productionPTH / eliminationPTH) / (exogenousPTH + pthReceptorKd)  // Eq. (2)
    let opg = (opgPerOBp * R / piP + injOPG) / degradationOPG
    let piL =
      kineticsRANKL_RANK * maxRANKLPerOBa * piP * B * (1 + injRANKL / scaleRANKL)
      / (1 + kineticsRANKL_RANK * totalRANK + kineticsRANKL_OPG * opg)  // Eq. (3)

    let differentiation = effectiveDifferentiation / piC
    block.set(0, i, production: supplyOBp * piC + injR, loss: differentiation)  // Eq. (4)
    block.set(1, i, production: differentiation * R + injB, loss: L(broadcast: apoptosisOBa))  // Eq. (5)
    block.set(2, i, production: formationOCa * piL + injC, loss: apoptosisOCa * piC)  // Eq. (6)
  }
}

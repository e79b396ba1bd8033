import BoneSimCore
import BoneSimPhysiology

// THE SEAM between the scenario pipeline and the physiology.
//
// `bonesim run`, `check` and `sweep` build their model here and nowhere else. On the
// `scenarios` branch this returns `PlaceholderModel`, which has the real input and output
// contract (`IntegratedModelInterface`) so scenarios validate exactly as they will, but toy
// dynamics. At merge, replace the body of `makeDefaultModel()` with the integrated model
// (e.g. `try IntegratedModel()`) and delete `PlaceholderModel` (file below this function).

/// The model `bonesim` runs scenarios with.
public func makeDefaultModel() throws -> some ScenarioModel {
  PlaceholderModel()
}

/// Integrator `bonesim` steps the default model with (part of the seam: the lead chooses).
public typealias DefaultStepper = RungeKutta4
/// The integrator instance used by `bonesim`.
public let defaultStepper = DefaultStepper()
/// Steps per day for the default model.
public let defaultSubstepsPerDay = 1

/// A stand-in with the integrated model's inputs and outputs and deliberately simple
/// dynamics, so the scenario pipeline can run end to end before the physiology lands.
///
/// NOT PHYSIOLOGY. Its numbers mean nothing clinically; it only responds in the expected
/// direction (estrogen deficiency loses bone, estradiol and exercise preserve it). It will be
/// replaced by `IntegratedModel` at merge.
///
/// States: `boneVolume.lumbarSpine`, `boneVolume.femoralNeck` (relative to a young adult, 1)
/// and `testosteroneExogenous` [ng/dL]. Bone volume follows `dv/dt = r·f − r·d·v` with
/// formation `f` raised by exercise and resorption `d` raised by estrogen deficiency.
public struct PlaceholderModel: ScenarioModel {
  public let inputs = IntegratedModelInterface.inputs
  public let outputs = IntegratedModelInterface.outputs
  public let stateNames = ["boneVolume.lumbarSpine", "boneVolume.femoralNeck", "testosteroneExogenous"]
  public var inputNames: [String] { inputs.map(\.name) }
  public let stiffStates: [Int] = []
  public let parameters: ParameterTable

  /// A made-up source tag for the placeholder's made-up numbers.
  static let placeholder = Citation(key: "placeholder", reference: "BoneSim scenarios-branch placeholder (not physiology)")

  public static let defaultParameters = ParameterTable(model: "placeholder", [
    .init("bone.turnoverRate", 1.0e-4, "1/day", "r", placeholder, .assumed, "remodeling rate"),
    .init("bone.deficiencyResorption", 2.0, "1", "a_E", placeholder, .assumed, "extra resorption at full estrogen deficiency"),
    .init("bone.exerciseFormation", 0.04, "week/session", "a_X", placeholder, .assumed, "extra formation per weekly high-intensity session"),
    .init("estradiol.premenopausal", 100, "pg/mL", "E_pre", placeholder, .assumed, "endogenous estradiol before menopause"),
    .init("estradiol.postmenopausal", 10, "pg/mL", "E_post", placeholder, .assumed, "endogenous estradiol after menopause"),
    .init("estradiol.perPatchRate", 0.82, "pg/mL per ug/day", "c_patch", placeholder, .assumed, "patch exposure"),
    .init("estradiol.perGelDose", 33, "pg/mL per mg/day", "c_gel", placeholder, .assumed, "gel exposure"),
    .init("testosterone.eliminationRate", 0.0866, "1/day", "k_T", placeholder, .assumed, "ln 2 / 8 days"),
    .init("testosterone.perDose", 6.1, "ng/dL per mg/day", "c_T", placeholder, .assumed, "injection exposure"),
  ])

  let r: Double, aE: Double, aX: Double, ePre: Double, ePost: Double, cPatch: Double, cGel: Double, kT: Double, cT: Double

  public init(parameters: ParameterTable = PlaceholderModel.defaultParameters) {
    self.parameters = parameters
    r = parameters["bone.turnoverRate"]
    aE = parameters["bone.deficiencyResorption"]
    aX = parameters["bone.exerciseFormation"]
    ePre = parameters["estradiol.premenopausal"]
    ePost = parameters["estradiol.postmenopausal"]
    cPatch = parameters["estradiol.perPatchRate"]
    cGel = parameters["estradiol.perGelDose"]
    kT = parameters["testosterone.eliminationRate"]
    cT = parameters["testosterone.perDose"]
  }

  public func with(parameters: ParameterTable) throws -> PlaceholderModel { PlaceholderModel(parameters: parameters) }

  // Input columns (IntegratedModelInterface order).
  enum In {
    static let yearsSinceFMP = 0, bmd0LS = 1, bmd0FN = 2, patch = 3, gel = 4, progesterone = 5
    static let testosterone = 6, anastrozole = 7, high = 8, moderate = 9, low = 10, energy = 12
    static let turnover = 18, estrogenSensitivity = 19, mechanosensitivity = 20, estradiolClearance = 21
    static let endogenous = 23
  }

  /// Serum estradiol [pg/mL]: endogenous (falling around the FMP, suppressed by anastrozole
  /// and by low energy availability) plus exogenous.

  func estradiol<L: Lane>(_ input: (Int) -> L) -> L {
    let s = L.maximum(input(In.yearsSinceFMP) + 1, 0)
    let premenopausal = repression(s * s, 1)
    let energySuppression = activation(L.maximum(input(In.energy) - 15, 0), 10)
    let aromatase = 1 - 0.8 * L.minimum(input(In.anastrozole), 1)
    let endogenous = (ePost + (ePre - ePost) * premenopausal * energySuppression) * aromatase * input(In.endogenous)
    return endogenous + (cPatch * input(In.patch) + cGel * input(In.gel)) / input(In.estradiolClearance)
  }


  func drives<L: Lane>(_ input: (Int) -> L) -> (formation: L, resorption: L) {
    let deficiency = L.maximum(1 - estradiol(input) / ePre, 0)
    let sessions = input(In.high) + 0.5 * input(In.moderate) + 0.15 * input(In.low)
    let formation = 1 + aX * sessions * input(In.mechanosensitivity)
    let resorption = 1 + aE * deficiency * input(In.estrogenSensitivity)
    return (formation * input(In.turnover), resorption * input(In.turnover))
  }

  public func rates<L: Lane>(_ block: RateBlock, row: Int, as lane: L.Type) {
    let input: (Int) -> L = { block.input($0, row) }
    let (f, d) = drives(input)
    block.set(0, row, production: r * f, loss: r * d)
    block.set(1, row, production: r * f, loss: r * d)
    block.set(2, row, production: cT * input(In.testosterone), loss: L(broadcast: kT))
  }

  public func initialState(inputs: [Double]) throws -> [Double] {
    let (f, d) = drives { inputs[$0] }
    return [f / d, f / d, 0]
  }

  public func computeOutputs<L: Lane>(_ block: OutputBlock, row: Int, as lane: L.Type) {
    let input: (Int) -> L = { block.input($0, row) }
    let vLS: L = block.state(0, row), vFN: L = block.state(1, row)
    let v0LS: L = block.initial(0, row), v0FN: L = block.initial(1, row)
    let bmdLS = input(In.bmd0LS) * vLS / v0LS
    let bmdFN = input(In.bmd0FN) * vFN / v0FN
    let (f, d) = drives(input)
    var column = 0
    func put(_ v: L) {
      block.set(column, row, v)
      column += 1
    }
    put(bmdLS); put(bmdFN)
    put(100 * (vLS / v0LS - 1)); put(100 * (vFN / v0FN - 1))
    put(0.25 * vLS); put(0.3 * vFN)
    put(100 * (d - 1)); put(100 * (f - 1))
    put(d * 0.001); put(d * 0.001)
    put(f * 0.0005); put(f * 0.0005)
    put(d * 10); put(100 / d)
    put(estradiol(input))
    put(25 + block.state(2, row))
    put(0.05 * input(In.progesterone))
    put(30 * input(In.anastrozole))
    put(input(In.energy))
    put(f); put(f)
  }
}


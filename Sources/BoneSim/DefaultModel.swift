import BoneSimCore
import BoneSimPhysiology

// The seam between the scenario pipeline and the physiology: `bonesim run`, `check`,
// `sweep` and `validate` build their model here and nowhere else.

/// The model `bonesim` runs scenarios with: the calibrated integrated model.
public func makeDefaultModel() throws -> some ScenarioModel {
  try IntegratedModel()
}

/// Integrator `bonesim` steps the default model with: Euler with the osteoclasts' loss
/// implicit (docs/MODEL.md), one rate evaluation per step; the PK depots are stepped
/// exactly as a linear system.
public typealias DefaultStepper = SplitImplicitEuler
/// The integrator instance used by `bonesim`.
public let defaultStepper = DefaultStepper()
/// Steps per day for the default model.
public let defaultSubstepsPerDay = 1

/// Everything that defines a cohort run apart from how it is solved: a model, each patient's
/// initial state and the inputs over time. Immutable; change a copy.
public struct CohortProblem<Model: CohortModel, Inputs: InputSchedule>: Sendable {
  public let model: Model
  /// Patients × states at day 0.
  public let initialState: CohortMatrix
  public let inputs: Inputs

  public init(model: Model, initialState: CohortMatrix, inputs: Inputs) {
    precondition(initialState.columns == model.stateCount, "initial state has the wrong number of states")
    self.model = model
    self.initialState = initialState
    self.inputs = inputs
  }

  @inlinable public var patients: Int { initialState.patients }
  @inlinable public var layout: BlockLayout { initialState.layout }
}

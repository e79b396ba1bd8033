/// Advances one block of patients by one step of length `h` days.
///
/// A stepper is a small options value (like `RungeKutta4()`), with its order of accuracy
/// as a static property. Inputs are constant over the step. Steppers sweep whole blocks
/// column by column and never allocate: the caller provides `scratchBlocks` block-sized
/// buffers.
public protocol Stepper: Sendable {
  /// Global order of accuracy for smooth problems.
  static var order: Int { get }

  /// Block-sized scratch buffers needed by `step`.
  static var scratchBlocks: Int { get }

  /// Replaces `state` (one block, `model.stateCount` columns) by its value `h` days later;
  /// `prepared`: whether `inputs` also holds the model's prepared columns (`RateBlock`).
  func step<M: CohortModel>(
    _ model: M, state: UnsafeMutablePointer<Double>, inputs: UnsafePointer<Double>, prepared: Bool,
    blockSize: Int, h: Double, scratch: UnsafeMutablePointer<Double>)
}

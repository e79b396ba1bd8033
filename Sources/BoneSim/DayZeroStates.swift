import BoneSimCore
import BoneSimPhysiology
import BoneSimScenario
import Crypto
import Foundation

/// Day-0 states shared between the runs of a sweep whose history is the same.
///
/// A chunk's day-0 state is its patients' steady state carried through the scenario's history
/// (`ScenarioRun.dayZeroState`). For women past the final menstrual period that run-in is
/// years long (up to 7 for women 0–5 years past it), longer than most trials, and design
/// points that change only a treatment arm, a dose or the number of sessions start from the
/// same state. This store solves it once per sweep and hands it to every point that needs it.
///
/// A state is reused only when everything it is computed from is the same, bit for bit
/// (`Key`): the model's parameters, the stepper and its substeps, the days of history, the
/// chunk's patients and blocks, the clock columns that run backward, and every input of the
/// chunk's day-0 blocks (covariates, variability, the control arm's day-0 time courses,
/// padding rows included), the last as their SHA-256. The history's inputs are those blocks
/// with the clocks moved back (`HistorySchedule`), and the steady state reads the day-0 blocks
/// alone, so a reused state holds the bits a fresh solve would give: results do not depend
/// on whether, or in which order, points share states.
///
/// Thread-safe: design points that run at once may look up and store concurrently (two that
/// miss together both solve and store the same bits).
public final class DayZeroStates: @unchecked Sendable {
  /// What a day-0 state is computed from.
  public struct Key: Hashable, Sendable {
    var parameters: ParameterTable
    /// The stepper (its description) and substeps per day.
    var solver: String
    var historyDays: Int
    var patients: Int
    var blockSize: Int
    var clockColumns: [Int]
    /// SHA-256 of the day-0 input blocks, block after block.
    var inputs: [UInt8]

    /// The key of the day-0 state of `schedule`'s chunk (the control arm's baseline-only
    /// schedule) after `historyDays` days.
    ///
    /// - Complexity: one fill and one hash of each input block.
    init(parameters: ParameterTable, solver: String, historyDays: Int, schedule: ArmSchedule) {
      let baseline = schedule.chunk.baseline
      let blockSize = baseline.layout.blockSize, stride = baseline.layout.blockStride
      let buffer = AlignedBuffer(count: Swift.max(stride, 1))
      var hasher = SHA256()
      for b in 0..<baseline.blockCount {
        schedule.fill(day: 0, block: b, blockSize: blockSize, into: buffer.pointer)
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer.pointer, count: stride * MemoryLayout<Double>.stride))
      }
      self.parameters = parameters
      self.solver = solver
      self.historyDays = historyDays
      self.patients = schedule.chunk.count
      self.blockSize = blockSize
      self.clockColumns = HistorySchedule(baseline: schedule, days: historyDays).varyingColumns ?? []
      self.inputs = Array(hasher.finalize())
    }
  }

  /// States kept at most [bytes]; past it, states are solved and not kept.
  public let budget: Int
  private var states: [Key: CohortMatrix] = [:]
  private var kept = 0
  private var reused = 0
  private let lock = NSLock()

  public init(budget: Int = DayZeroStates.defaultBudget) {
    self.budget = budget
  }

  /// 256 MiB: twelve distinct histories of 10⁵ patients, one of 10⁶.
  public static var defaultBudget: Int { 256 << 20 }

  /// States handed out without solving (read by tests; no manifest records it yet).
  public var reuses: Int { lock.withLock { reused } }

  /// The state stored under `key`, else `solve()`'s, stored while the budget allows.
  func state(_ key: Key, solve: () throws -> CohortMatrix) rethrows -> CohortMatrix {
    if let state = lock.withLock({ () -> CohortMatrix? in
      let state = states[key]
      if state != nil { reused += 1 }
      return state
    }) {
      return state
    }
    let state = try solve()
    let bytes = state.storage.count * MemoryLayout<Double>.stride
    lock.withLock {
      if states[key] == nil && kept + bytes <= budget {
        states[key] = state
        kept += bytes
      }
    }
    return state
  }
}

import BoneSimCore
import Foundation

/// Virtual patients of a cohort (`first ..< first + count`, or any list of ids): their
/// per-patient input values and covariates. Every value depends only on (seed, patient id,
/// stream), never on the chunk.
public struct CohortChunk: @unchecked Sendable {
  /// The first patient's id.
  public var first: Int { ids[0] }
  public let count: Int
  /// Patient ids, row by row (ascending; contiguous unless the chunk was drawn from a list).
  public let ids: [Int]
  /// Patients × inputs: defaults, covariates, random-effect multipliers; clock inputs hold
  /// their day-0 value.
  public let baseline: CohortMatrix
  /// Covariate values per patient in `CohortPlan.covariates` order, as drawn (T-scores as
  /// T-scores), then one multiplier per random effect.
  public let covariates: [[Double]]

  /// Draws patients `first ..< first + count`.
  public init(plan: CohortPlan, first: Int, count: Int, blockSize: Int = BlockLayout.defaultBlockSize) {
    self.init(plan: plan, ids: Array(first..<(first + count)), blockSize: blockSize)
  }

  /// Draws the patients `ids` (not empty), in that order.
  public init(plan: CohortPlan, ids: [Int], blockSize: Int = BlockLayout.defaultBlockSize) {
    precondition(!ids.isEmpty)
    self.ids = ids
    let count = ids.count
    self.count = count
    let baseline = CohortMatrix(patients: count, columns: plan.defaults.count, blockSize: blockSize)
    for (c, v) in plan.defaults.enumerated() { baseline.fill(column: c, with: v) }
    var covariates = [[Double]](repeating: [], count: count)
    for i in 0..<count {
      let random = PatientRandom(seed: plan.seed, patient: ids[i], stream: RandomStreams.covariates)
      let draw: (UInt32) -> (uniform: Double, normal: Double) = { index in (random.uniform(index), random.normal(index)) }
      var row: [Double] = []
      for (c, cov) in plan.covariates.enumerated() {
        let v = cov.distribution.draw(draw, index: UInt32(c * Distribution.maxRedraws))
        row.append(v)
        switch cov.target {
        case .input(let column, let factor): baseline[i, column] = v * factor
        case .tScore(let column, let mean, let sd): baseline[i, column] = mean + v * sd
        case .recorded: break
        }
      }
      covariates[i] = row
      for rule in plan.derivedDefaults { baseline[i, rule.column] = baseline[i, rule.source] + rule.offset }
    }
    // Random effects: η = Z · Lᵀ with Z standard normal (patients × k), applied with BLAS.
    let k = plan.effects.count
    if k > 0 {
      let z = AlignedBuffer(count: count * k)
      let eta = AlignedBuffer(count: count * k)
      for i in 0..<count {
        let random = PatientRandom(seed: plan.seed, patient: ids[i], stream: RandomStreams.randomEffects)
        for e in 0..<k { z.pointer[e * count + i] = random.normal(UInt32(e)) }  // column-major
      }
      plan.cholesky.withUnsafeBufferPointer { l in
        BLAS.blockTimesTransposed(rows: count, n: k, k: k, a: z.pointer, b: l.baseAddress!, c: eta.pointer)
      }
      for (e, effect) in plan.effects.enumerated() {
        let range = plan.ranges[effect.column]
        for i in 0..<count {
          let m = plan.defaults[effect.column] * Foundation.exp(effect.omega * eta.pointer[e * count + i])
          let clamped = Swift.min(Swift.max(m, range.lowerBound), range.upperBound)
          baseline[i, effect.column] = clamped
          covariates[i].append(clamped)
        }
      }
    }
    baseline.replicatePadding()
    self.baseline = baseline
    self.covariates = covariates
  }

  /// Column names of `covariates`.
  public static func covariateNames(_ plan: CohortPlan, inputNames: [String]) -> [String] {
    plan.covariates.map(\.name) + plan.effects.map { inputNames[$0.column] }
  }
}

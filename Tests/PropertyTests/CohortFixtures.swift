import BoneSimCore
import BoneSimPhysiology

/// A cohort of one model's patients: patient 0 mod 5 starts exactly at the steady state,
/// the others at the steady state times lognormal factors (σ = `spread`) drawn from
/// Philox keyed by (seed, patient, stream 0).
func perturbedCohort(
  steadyState: [Double], extraStates: [Double] = [], patients: Int, seed: UInt64, spread: Double = 0.5,
  blockSize: Int = BlockLayout.defaultBlockSize
) -> CohortMatrix {
  let columns = steadyState.count + extraStates.count
  let x = CohortMatrix(patients: patients, columns: columns, blockSize: blockSize)
  for p in 0..<patients {
    let random = PatientRandom(seed: seed, patient: p, stream: 0)
    for (s, v) in steadyState.enumerated() {
      x[p, s] = p % 5 == 0 ? v : v * Foundation.exp(spread * random.normal(UInt32(s)))
    }
    for (s, v) in extraStates.enumerated() { x[p, steadyState.count + s] = v }
  }
  return x
}

/// Bytes of every real patient's state (padding excluded).
func patientBytes(_ m: CohortMatrix) -> [UInt64] {
  var out: [UInt64] = []
  out.reserveCapacity(m.patients * m.columns)
  for p in 0..<m.patients { for c in 0..<m.columns { out.append(m[p, c].bitPattern) } }
  return out
}

import Foundation

/// Production then loss rates of `model` for one block of `blockSize` patients, as one array.
func rateValues<M: CohortModel>(
  _ model: M, states: AlignedBuffer, inputs: AlignedBuffer, blockSize: Int, prepared: Bool
) -> [Double] {
  let production = AlignedBuffer(count: model.stateCount * blockSize)
  let loss = AlignedBuffer(count: model.stateCount * blockSize)
  model.evaluate(
    RateBlock(
      blockSize: blockSize, state: states.pointer, inputs: inputs.pointer, production: production.pointer,
      loss: loss.pointer, prepared: prepared))
  return Array(UnsafeBufferPointer(start: production.pointer, count: model.stateCount * blockSize))
    + Array(UnsafeBufferPointer(start: loss.pointer, count: model.stateCount * blockSize))
}

/// The largest |a − b| / max(|a|, |b|) over pairs of `a` and `b` that differ (0 if none do).
func largestRelativeDifference<A: Sequence, B: Sequence>(_ a: A, _ b: B) -> Double
where A.Element == Double, B.Element == Double {
  var worst = 0.0
  for (x, y) in zip(a, b) where x != y { worst = Swift.max(worst, abs(x - y) / Swift.max(abs(x), abs(y))) }
  return worst
}

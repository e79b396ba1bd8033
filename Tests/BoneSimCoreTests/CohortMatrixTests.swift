import BoneSimCore
import Foundation
import Testing

@Suite("Cohort matrix in patient blocks")
struct CohortMatrixTests {
  /// A column of `patients` values spanning several orders of magnitude, padding rows poisoned.
  func matrix(patients: Int, blockSize: Int) -> CohortMatrix {
    let m = CohortMatrix(patients: patients, columns: 2, blockSize: blockSize)
    for b in 0..<m.blockCount { m.column(1, block: b).update(repeating: .nan, count: blockSize) }
    for p in 0..<patients {
      let r = PatientRandom(seed: 3, patient: p, stream: 0)
      m[p, 1] = exp(4 * r.normal(0))
    }
    return m
  }

  @Test("column sums: the same bits for every block size, padding left out, within n · 1e-15 (relative) of a compensated sum", arguments: [1, 7, 8, 9, 255, 1000, 4099])
  func columnSum(patients: Int) {
    let sums = [8, 16, 256].map { matrix(patients: patients, blockSize: $0).columnSum(1) }
    #expect(Set(sums.map(\.bitPattern)).count == 1, "\(sums)")
    // Reference: Kahan summation of the values in increasing order.
    let m = matrix(patients: patients, blockSize: 8)
    var sum = 0.0, compensation = 0.0
    for v in (0..<patients).map({ m[$0, 1] }).sorted() {
      let y = v - compensation
      let t = sum + y
      compensation = (t - sum) - y
      sum = t
    }
    #expect(abs(sums[0] - sum) <= 1e-15 * Double(patients) * sum)
  }
}

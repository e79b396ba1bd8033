import BoneSimCore
import Testing

/// `CohortStatus.check` scans each column eight lanes at a time and the rest of a block one
/// by one; every kind of bad value, in either part, must flag exactly its patient.
@Suite("State-bound checks")
struct CohortStatusTests {
  @Test("NaN, ±∞, below and above the bounds flag their patient wherever they sit; values on the bounds do not")
  func flagsExactlyTheBad() {
    // Blocks of 24 patients: 24 and 13 rows (8 + 5: lanes and a tail in the last block).
    let patients = 37, bounds: [ClosedRange<Double>] = [0...Double.infinity, 0.5...2]
    let bad: [Double] = [.nan, .infinity, -.infinity, -1e-300, 2.0000000001, 0.4999999]
    for value in bad {
      for column in 0..<2 where !(value.isFinite && bounds[column].contains(value)) {
        for patient in [0, 7, 8, 23, 24, 31, 32, 36] {
          // Column 0 starts on its lower bound (0), column 1 takes both of its bounds.
          let x = CohortMatrix(patients: patients, columns: 2, blockSize: 24)
          for p in 0..<patients {
            x[p, 0] = Double(p)
            x[p, 1] = [0.5, 2, 1][p % 3]
          }
          x[patient, column] = value
          let status = CohortStatus(patients: patients)
          status.check(x, day: 5, bounds: bounds)
          // Independently: a value is bad when it is not finite or outside its column's bounds.
          let expected = (0..<patients).filter { p in
            (0..<2).contains { c in !(x[p, c].isFinite && bounds[c].contains(x[p, c])) }
          }
          #expect(expected == [patient], "value \(value), patient \(patient), column \(column)")
          #expect(status.failed.map(\.patient) == expected, "value \(value), patient \(patient), column \(column)")
        }
      }
    }
  }
}

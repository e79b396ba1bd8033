import BoneSimCore
import Foundation
import Testing

@Suite("Windowed inputs")
struct WindowedInputsTests {
  /// Windows that start on day 0, overlap on one column (the later wins), are empty, end
  /// when another starts, and leave a gap: advancing a block day by day from day 0 must hold
  /// exactly what `fill` writes for that day.
  @Test("advancing day by day equals filling each day, bit for bit")
  func advanceEqualsFill() {
    let patients = 20, blockSize = 8
    let baseline = CohortMatrix(patients: patients, columns: 3, blockSize: blockSize)
    for p in 0..<patients {
      for c in 0..<3 { baseline[p, c] = Double(100 * c + p) + 0.25 }
    }
    let schedule = WindowedInputs(
      baseline: baseline,
      windows: [
        InputWindow(column: 1, days: 0..<3, value: -1),
        InputWindow(column: 1, days: 2..<5, value: -2),
        InputWindow(column: 2, days: 4..<4, value: -3),
        InputWindow(column: 0, days: 5..<7, value: -4),
        InputWindow(column: 0, days: 7..<8, value: -5),
        InputWindow(column: 2, days: 10..<12, value: -6),
      ])
    let count = 3 * blockSize
    let filled = AlignedBuffer(count: count), advanced = AlignedBuffer(count: count)
    for block in 0..<baseline.blockCount {
      schedule.fill(day: 0, block: block, blockSize: blockSize, into: advanced.pointer)
      for day in 1...14 {
        schedule.advance(to: day, block: block, blockSize: blockSize, inputs: advanced.pointer)
        schedule.fill(day: day, block: block, blockSize: blockSize, into: filled.pointer)
        let same = memcmp(filled.pointer, advanced.pointer, count * MemoryLayout<Double>.size) == 0
        #expect(same, "block \(block), day \(day)")
      }
    }
  }
}

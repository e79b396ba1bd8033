import BoneSimCore
import BoneSimPhysiology
import Foundation
@testable import BoneSimScenario
import Testing

/// The solver fills a block's inputs on the first day of a segment and advances them on the
/// others; advancing must give, bit for bit, what filling gives.
@Suite("Input schedules: advancing day by day equals filling each day")
struct InputAdvanceTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Every standard and validation scenario: patches, gels, injections and pills with
  /// adherence, exercise, energy time courses, clocks (age, years since the FMP).
  static let files: [String] = ["scenarios", "validation/scenarios"].flatMap { folder in
    ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
  }

  @Test("every arm of every scenario file, trial and pre-trial inputs, 2 blocks, up to 800 days", arguments: files)
  func advanceEqualsFill(_ file: String) throws {
    let url = Self.root.appendingPathComponent(file)
    let scenario = try Scenario.decode(yaml: String(contentsOf: url, encoding: .utf8), file: file)
    let plan = try ScenarioPlan(
      scenario, inputs: IntegratedModelInterface.inputs, parameters: IntegratedModel.parameterTable)
    let chunk = CohortChunk(plan: plan.cohort, first: 0, count: min(plan.cohort.patients, 300))
    let bs = chunk.baseline.layout.blockSize, columns = plan.inputs.count
    let filled = AlignedBuffer(count: columns * bs), advanced = AlignedBuffer(count: columns * bs)
    let days = min(plan.horizonDays + 1, 800)
    var restored = 0
    for arm in plan.arms {
      for baselineOnly in [false, true] {
        let schedule = ArmSchedule(chunk: chunk, arm: arm, cohort: plan.cohort, baselineOnly: baselineOnly)
        restored = max(restored, schedule.restoredColumns.count)
        // Columns outside `varyingColumns` keep their day-0 bits (the solver relies on it).
        let history = HistorySchedule(baseline: ArmSchedule(chunk: chunk, arm: arm, cohort: plan.cohort, baselineOnly: true), days: 400)
        for (name, s): (String, any InputSchedule) in [("arm", schedule), ("history", history)] {
          let fixed = Set(0..<columns).subtracting(s.varyingColumns ?? [])
          let day0 = AlignedBuffer(count: columns * bs), later = AlignedBuffer(count: columns * bs)
          s.fill(day: 0, block: 0, blockSize: bs, into: day0.pointer)
          for day in stride(from: 1, to: days, by: 7) {
            s.fill(day: day, block: 0, blockSize: bs, into: later.pointer)
            for c in fixed where memcmp(day0.pointer + c * bs, later.pointer + c * bs, bs * 8) != 0 {
              Issue.record("\(file), arm \(arm.name), \(name), baselineOnly \(baselineOnly): column \(c) changes on day \(day) but is not listed as varying")
              return
            }
          }
        }
        for block in 0..<chunk.baseline.blockCount {
          schedule.fill(day: 0, block: block, blockSize: bs, into: advanced.pointer)
          for day in 1..<days {
            schedule.fill(day: day, block: block, blockSize: bs, into: filled.pointer)
            schedule.advance(to: day, block: block, blockSize: bs, inputs: advanced.pointer)
            let same = memcmp(filled.pointer, advanced.pointer, columns * bs * MemoryLayout<Double>.size) == 0
            #expect(same, "\(file), arm \(arm.name), baselineOnly \(baselineOnly), block \(block), day \(day)")
            if !same { return }
          }
        }
      }
    }
    // The point of advancing: it rewrites fewer columns than there are inputs.
    #expect(restored < columns, "\(file): \(restored) of \(columns) columns restored")
  }
}

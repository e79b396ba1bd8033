@testable import BoneSim
@testable import BoneSimScenario
import Foundation
import Testing

/// Collects what a `Progress` writes.
final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var parts: [String] = []
  func append(_ s: String) { lock.lock(); parts.append(s); lock.unlock() }
  var text: String { lock.lock(); defer { lock.unlock() }; return parts.joined() }
}

@Suite("Outputs for logs and analysis: plain progress lines, typed design.csv (issue 17)")
struct OutputUsabilityTests {
  @Test("progress into a log: plain lines, no carriage return; on a terminal: one rewritten line")
  func plainProgress() throws {
    let log = Collected()
    let p = Progress(label: "t", total: 10, enabled: true, terminal: false, write: { log.append($0) })
    p.advance(by: 1)
    #expect(log.text.isEmpty, "nothing before Progress.delay")
    Thread.sleep(forTimeInterval: Progress.delay + 0.1)
    p.advance(by: 1)
    p.advance(by: 1)  // within plainInterval: no second line
    p.finish()
    let lines = log.text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(!log.text.contains("\r"))
    #expect(lines.count == 3 && lines[2].isEmpty, "\(lines)")
    #expect(lines[0].hasPrefix("t:  20.0%"), "\(lines)")
    #expect(lines[1].hasPrefix("t: done in "), "\(lines)")

    let tty = Collected()
    let q = Progress(label: "t", total: 10, enabled: true, terminal: true, write: { tty.append($0) })
    Thread.sleep(forTimeInterval: Progress.delay + 0.1)
    q.advance(by: 5)
    q.finish()
    #expect(tty.text.hasPrefix("\rt:  50.0%"))
    #expect(tty.text.hasSuffix("\n"))
  }

  @Test("a short run writes no progress at all, to a log or a terminal")
  func shortRunSilent() {
    let log = Collected()
    let p = Progress(label: "t", total: 10, enabled: true, terminal: false, write: { log.append($0) })
    p.advance(by: 10)
    p.finish()
    #expect(log.text.isEmpty)
  }

  @Test("design.csv: numbers as numbers, units in their own column, text stays text")
  func designTable() throws {
    let sweep = try Sweep.decode(
      yaml: """
        scenario: x.yaml
        method: grid
        axes:
          - {field: arms.a.dosing.0.dose, values: [5 mg, 10 mg]}
          - {field: arms.a.exercise.0.sessions_per_week, values: [0, 2.5]}
          - {field: arms.a.description, values: [one, two]}
        """, file: "s.yaml")
    let points = sweep.designPoints()
    let d = DesignTable(sweep: sweep, points: points)
    #expect(d.columns.map(\.name) == [
      "arms.a.dosing.0.dose", "arms.a.dosing.0.dose_unit", "arms.a.exercise.0.sessions_per_week", "arms.a.description",
    ])
    #expect(d.columns.map(\.type) == [.float, .string, .float, .string])
    #expect(d.columns[0].unit == "mg")
    #expect(d.row(points[0]) == ["5", "mg", "0", "one"])
    #expect(d.row(points.last!) == ["10", "mg", "2.5", "two"])
  }
}

import Foundation
import Testing

/// Several problems in one file are reported in the same order on every run (Swift seeds its
/// hashing per process, so anything that followed a Set's or Dictionary's order would differ
/// between runs): by file, then line and column.
@Suite("Error order is the same on every run")
struct ErrorOrderTests {
  @Test(
    "eight runs print the same lines, in file order",
    arguments: ["Tests/Fixtures/error_order/scenario.yaml", "Tests/Fixtures/error_order/sweep.yaml"])
  func stableOrder(file: String) throws {
    let first = try bonesim(["check", file])
    #expect(first.status == 2)
    let lines = first.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count >= 4, "\(first.stderr)")
    for _ in 1..<8 {
      let again = try bonesim(["check", file])
      #expect(again.stderr == first.stderr)
    }
    // Within one design point (or the scenario), lines ascend by line and column.
    func position(_ line: String) -> (Int, Int)? {
      let parts = line.split(separator: ":")
      guard parts.count > 3, let l = Int(parts[2]), let c = Int(parts[3]) else { return nil }
      return (l, c)
    }
    var previous: (Int, Int)?
    var previousPoint = ""
    for line in lines {
      let point = line.components(separatedBy: "(design point ").dropFirst().first?.prefix { $0 != ":" }.description ?? ""
      guard let p = position(line) else { continue }
      if point == previousPoint, let q = previous { #expect(q <= p, "out of order: \(line)") }
      previous = p
      previousPoint = point
    }
  }
}

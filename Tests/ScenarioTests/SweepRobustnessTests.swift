import BoneSimScenario
import Testing

/// Inputs the fuzzer (tools/ci/fuzz.sh) showed can trap: huge shard counts and integer axes
/// beyond Int. They must give ranges or input errors, never a crash.
@Suite("Sweeps: extreme shard counts and axis ranges")
struct SweepRobustnessTests {
  @Test("a shard count near Int.max gives empty shards instead of overflowing")
  func hugeShardCount() {
    // (2^62 - 1) · 10^6 / (2^63 - 1) is just under 500 000, as is (2^62 - 2) · 10^6 / (2^63 - 1).
    let r = Sweep.shardRange(points: 1_000_000, index: Int.max / 2, count: Int.max)
    #expect(r == 499_999..<499_999)
    #expect(Sweep.shardRange(points: 1_000_000, index: Int.max, count: Int.max) == 999_999..<1_000_000)
  }

  @Test("shards of 10 points in 3 are 0..<3, 3..<6, 6..<10")
  func smallShards() {
    #expect((1...3).map { Sweep.shardRange(points: 10, index: $0, count: 3) } == [0..<3, 3..<6, 6..<10])
  }

  @Test("an integer Latin-hypercube axis beyond 2^53 is an input error")
  func integerAxisBeyondExactRange() throws {
    let yaml = """
      scenario: base.yaml
      method: latin_hypercube
      samples: 2
      axes:
        - {parameter: p, min: 0, max: 1e300, integer: true}
      """
    let error = try #require(throws: ScenarioError.self) { try Sweep.decode(yaml: yaml, file: "s.yaml") }
    #expect(error.issues.map(\.description) == ["s.yaml:5:5: axes[0]: an integer axis needs min and max within ±2^53 (9007199254740992)"])
  }
}

import BoneSimScenario
import Testing

@Suite("--shard I/N and /N (index from the scheduler's environment)")
struct ShardSpecTests {
  @Test("I/N is 1-based; /N takes the 0-based task index (+ BONESIM_SHARD_OFFSET) and adds 1")
  func parses() throws {
    #expect(try ShardSpec.parse("2/3", environment: [:]) == ShardSpec(index: 2, count: 3))
    #expect(try ShardSpec.parse("/3", environment: ["SLURM_ARRAY_TASK_ID": "0"]) == ShardSpec(index: 1, count: 3))
    #expect(try ShardSpec.parse("/3", environment: ["JOB_COMPLETION_INDEX": "2"]) == ShardSpec(index: 3, count: 3))
    // Slurm wins over Kubernetes when both are set.
    #expect(try ShardSpec.parse("/9", environment: ["SLURM_ARRAY_TASK_ID": "1", "JOB_COMPLETION_INDEX": "5"]).index == 2)
    // The second array of a split job: task 4 of the array that starts at shard 1000 is shard 1005.
    #expect(
      try ShardSpec.parse("/2500", environment: ["SLURM_ARRAY_TASK_ID": "4", "BONESIM_SHARD_OFFSET": "1000"])
        == ShardSpec(index: 1005, count: 2500))
  }

  @Test(
    "bad specs and environments are refused with a message naming the problem",
    arguments: [
      ("3/2", [String: String](), "1 <= I <= N"), ("0/2", [:], "1 <= I <= N"), ("2", [:], "got 2"), ("a/b", [:], "got a/b"),
      ("1/0", [:], "got 1/0"), ("/4", [:], "neither is set"), ("/4", ["SLURM_ARRAY_TASK_ID": "x"], "SLURM_ARRAY_TASK_ID must be a whole number"),
      ("/4", ["JOB_COMPLETION_INDEX": "-1"], "JOB_COMPLETION_INDEX must be a whole number"),
      ("/4", ["SLURM_ARRAY_TASK_ID": "4"], "gives shard 5, but there are only 4 shards"),
      ("/4", ["SLURM_ARRAY_TASK_ID": "1", "BONESIM_SHARD_OFFSET": "3"], "gives shard 5"),
      ("/4", ["SLURM_ARRAY_TASK_ID": "1", "BONESIM_SHARD_OFFSET": "two"], "BONESIM_SHARD_OFFSET must be a whole number"),
      // Near Int.max: refused with a message, no arithmetic overflow (this trapped).
      ("/4", ["SLURM_ARRAY_TASK_ID": "\(Int.max)"], "gives shard beyond \(Int.max)"),
      ("/4", ["SLURM_ARRAY_TASK_ID": "1", "BONESIM_SHARD_OFFSET": "\(Int.max)"], "gives shard beyond \(Int.max)"),
      ("/4", ["SLURM_ARRAY_TASK_ID": "\(Int.max / 2 + 1)", "BONESIM_SHARD_OFFSET": "\(Int.max / 2 + 1)"], "gives shard beyond"),
      ("/4", ["SLURM_ARRAY_TASK_ID": "\(Int.max - 1)"], "gives shard \(Int.max), but"),
      ("/4", ["SLURM_ARRAY_TASK_ID": "99999999999999999999999"], "SLURM_ARRAY_TASK_ID must be a whole number"),
    ])
  func refuses(spec: String, environment: [String: String], message: String) {
    #expect {
      try ShardSpec.parse(spec, environment: environment)
    } throws: { error in
      (error as? ShardSpec.Invalid)?.description.contains(message) == true
    }
  }
}
